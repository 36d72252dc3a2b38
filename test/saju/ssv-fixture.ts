/**
 * A fake AdMob: a P-256 key pair generated per test run, an AdMob-format key server on loopback
 * (port 0) that counts its hits and can be broken on purpose, and callbacks signed the way AdMob
 * signs them (query string before `&signature=`, ECDSA SHA-256 DER, web-safe base64, no padding).
 */
import { createServer, type Server } from 'node:http'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'

export interface KeyServer {
  url: string
  hits: number
  mode: 'ok' | 'malformed' | 'down'
  keys: { keyId: number; publicKey: KeyObject; privateKey: KeyObject }[]
  rotate(): { keyId: number; privateKey: KeyObject }
  close(): Promise<void>
}

/** Serves one key pair generated here, plus `published` public keys (e.g. Google's real one) when given. */
export async function startKeyServer(published: { keyId: number; publicKey: KeyObject }[] = []): Promise<KeyServer> {
  const make = (keyId: number) => ({ keyId, ...generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) })
  const ks: KeyServer = {
    url: '',
    hits: 0,
    mode: 'ok',
    keys: [make(1000000001)],
    rotate() {
      const k = make(4000000000 + ks.keys.length)
      ks.keys.push(k)
      return k
    },
    close: () => new Promise((r) => server.close(() => r())),
  }
  const server: Server = createServer((_req, res) => {
    ks.hits++
    if (ks.mode === 'down') {
      res.writeHead(503).end()
      return
    }
    if (ks.mode === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": "nope"}')
      return
    }
    const body = {
      keys: [...ks.keys, ...published].map((k) => ({
        keyId: k.keyId,
        pem: k.publicKey.export({ type: 'spki', format: 'pem' }),
        base64: (k.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
      })),
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  ks.url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/verifier-keys.json`
  return ks
}

export interface Reward {
  transaction_id: string
  user_id: string
  reward_amount?: number
  timestamp: number
  ad_unit?: string
  reward_item?: string
}

/** The callback's signed part as AdMob sends it: its parameters in alphabetical order, each value percent-encoded. */
export function signedPart(r: Reward): string {
  const p: [string, string][] = [
    ['ad_network', '5450213213286189855'],
    ['ad_unit', r.ad_unit ?? '5224354917'],
    ['reward_amount', String(r.reward_amount ?? 1)],
    ['reward_item', r.reward_item ?? 'deep_token'],
    ['timestamp', String(r.timestamp)],
    ['transaction_id', r.transaction_id],
    ['user_id', r.user_id],
  ]
  return p.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
}

/** AdMob's signature over a raw signed part: the percent-decoded text (a `+` stays a `+`). */
export function signContent(rawSignedPart: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(decodeURIComponent(rawSignedPart), 'utf8'), { key: privateKey, dsaEncoding: 'der' }).toString('base64url')
}

/** A full AdMob callback query string. */
export function callbackQuery(r: Reward, key: { keyId: number; privateKey: KeyObject }): string {
  const signed = signedPart(r)
  return `${signed}&signature=${signContent(signed, key.privateKey)}&key_id=${key.keyId}`
}

/** The same reward as the client-forwarded receipt of POST /tokens/reward. */
export function receiptBody(r: Reward, key: { keyId: number; privateKey: KeyObject }, idempotencyKey: string) {
  const signed = signedPart(r)
  return {
    idempotency_key: idempotencyKey,
    network: 'admob' as const,
    receipt: {
      transaction_id: r.transaction_id,
      ad_unit_id: `ca-app-pub-3940256099942544/${r.ad_unit ?? '5224354917'}`,
      reward_amount: r.reward_amount ?? 1,
      reward_item: r.reward_item ?? 'deep_token',
      issued_at: new Date(r.timestamp).toISOString(),
      user_id: r.user_id,
      signed_payload: signed,
      signature: signContent(signed, key.privateKey),
      key_id: String(key.keyId),
    },
  }
}
