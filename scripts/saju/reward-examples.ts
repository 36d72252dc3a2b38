/**
 * The reward examples describe one ad view both ways it can reach us: the receipt the app forwards
 * (POST /tokens/reward) and AdMob's own callback (GET /tokens/reward/admob-ssv), signed by the
 * TEST-ONLY key (test/saju/admob-test-only-key.ts) so the real contract suite can verify them. The
 * callback's query is the receipt's signed payload plus signature and key_id. A signature that
 * still verifies is kept (ECDSA signs with a fresh nonce each time: re-signing would churn the spec).
 */
import { sign } from 'node:crypto'
import { parseCallbackQuery, signatureValid } from '../../src/services/saju/ssv.js'
import { ADMOB_TEST_ONLY_KEY_ID, ADMOB_TEST_ONLY_PRIVATE_KEY, ADMOB_TEST_ONLY_PUBLIC_KEY } from '../../test/saju/admob-test-only-key.js'

type Json = Record<string, any>

export interface RewardReceiptExample {
  signed_payload: string
  signature: string
  key_id: string
}

/** The receipt with a signature the test-only key made over its signed payload (kept if it verifies). */
export function signedReceipt<R extends RewardReceiptExample>(receipt: R): R {
  const parsed = parseCallbackQuery(`${receipt.signed_payload}&signature=${receipt.signature}&key_id=${ADMOB_TEST_ONLY_KEY_ID}`)
  if (!parsed.ok && parsed.reason !== 'signature and key_id (a number) must be the last two parameters') throw new Error(`signed_payload: ${parsed.reason}`)
  const still = parsed.ok && signatureValid(parsed.callback.content, parsed.callback.signature, ADMOB_TEST_ONLY_PUBLIC_KEY)
  const signature = still
    ? receipt.signature
    : sign('sha256', Buffer.from(decodeURIComponent(receipt.signed_payload), 'utf8'), { key: ADMOB_TEST_ONLY_PRIVATE_KEY, dsaEncoding: 'der' }).toString(
        'base64url',
      )
  return { ...receipt, signature, key_id: String(ADMOB_TEST_ONLY_KEY_ID) }
}

/** AdMob's callback query parameters for the same ad view: the signed ones decoded, in their order, then signature and key_id. */
export function callbackParams(receipt: RewardReceiptExample): Json {
  const out: Json = {}
  for (const pair of receipt.signed_payload.split('&')) {
    const eq = pair.indexOf('=')
    out[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1))
  }
  return { ...out, signature: receipt.signature, key_id: receipt.key_id }
}
