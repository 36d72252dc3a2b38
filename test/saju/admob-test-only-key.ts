/**
 * TEST-ONLY AdMob SSV key pair. NOT Google's key, NOT a secret: it is committed on purpose so the
 * spec's reward examples carry a signature something can verify. It signs the examples
 * (scripts/saju/regen-examples.ts) and is served by the loopback key server of the shared real
 * contract suite (test/contract/real.test.ts). Never configure it outside tests: a server that
 * trusts it credits rewards anyone can forge. Production verifies with AdMob's keys
 * (SAJU_SSV_KEYS_URL, default https://www.gstatic.com/admob/reward/verifier-keys.json).
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'

/** AdMob's documentation uses 1234567890 as its example key_id. */
export const ADMOB_TEST_ONLY_KEY_ID = 1234567890

const PRIVATE_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgODyDjAedxcYP0ueb
aTo1IJYhhNvh5DK6RmP9f/rwuBKhRANCAAQPx0FMWW739tcjV6VFoYDXeG8WW4QO
FQlXOmooHU/1GJ7JQGorIVyVfe9SKiGm2BfaVwjXm/ey+VFcinSmTy2t
-----END PRIVATE KEY-----
`

export const ADMOB_TEST_ONLY_PRIVATE_KEY = createPrivateKey(PRIVATE_PEM)
export const ADMOB_TEST_ONLY_PUBLIC_KEY = createPublicKey(ADMOB_TEST_ONLY_PRIVATE_KEY)

/** The key document as AdMob's key server serves it. */
export const ADMOB_TEST_ONLY_KEYS_JSON = JSON.stringify({
  keys: [
    {
      keyId: ADMOB_TEST_ONLY_KEY_ID,
      pem: ADMOB_TEST_ONLY_PUBLIC_KEY.export({ type: 'spki', format: 'pem' }),
      base64: (ADMOB_TEST_ONLY_PUBLIC_KEY.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    },
  ],
})

/** A loopback key server (port 0) publishing only the test-only key, in AdMob's format. */
export async function serveTestOnlyKey(): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http')
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(ADMOB_TEST_ONLY_KEYS_JSON))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as import('node:net').AddressInfo
  return { url: `http://127.0.0.1:${port}/verifier-keys.json`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
