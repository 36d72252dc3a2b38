/**
 * AdMob rewarded-ad server-side verification, exactly as AdMob documents it: the signed content is
 * the callback's raw query string before `&signature=`, percent-decoded; `signature` (ECDSA P-256 /
 * SHA-256, DER, web-safe base64 without padding) and `key_id` are the last two parameters; public
 * keys come from a key server in AdMob's JSON format (`{"keys":[{"keyId":…,"pem":…,"base64":…}]}`),
 * cached for at most 24 h, refetched on an unknown key_id at most once per 10 s. A malformed or
 * unreachable key server fails closed (nothing verifies).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import type { Clock } from '../../deps.js'

export const KEY_CACHE_MS = 24 * 3600_000
export const UNKNOWN_KEY_REFETCH_MS = 10_000

/** Where the public keys come from (tests serve their own on loopback). */
export interface SsvKeySource {
  /** The key for `keyId`, or null when the key server does not (or cannot) vouch for it. */
  keyFor(keyId: string): Promise<KeyObject | null>
}

export class HttpSsvKeys implements SsvKeySource {
  private keys = new Map<string, KeyObject>()
  private fetchedAt = -Infinity
  private lastAttempt = -Infinity
  private inFlight: Promise<void> | null = null

  constructor(
    private readonly url: string,
    private readonly clock: Clock,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 5000,
  ) {}

  async keyFor(keyId: string): Promise<KeyObject | null> {
    const now = this.clock.now().getTime()
    if (now - this.fetchedAt > KEY_CACHE_MS) {
      this.keys.clear()
      await this.refresh(now)
    } else if (!this.keys.has(keyId) && now - this.lastAttempt >= UNKNOWN_KEY_REFETCH_MS) {
      await this.refresh(now)
    }
    return this.keys.get(keyId) ?? null
  }

  private refresh(now: number): Promise<void> {
    if (this.inFlight) return this.inFlight
    this.lastAttempt = now
    this.inFlight = this.load(now).finally(() => {
      this.inFlight = null
    })
    return this.inFlight
  }

  private async load(now: number): Promise<void> {
    try {
      const res = await this.fetchImpl(this.url, { signal: AbortSignal.timeout(this.timeoutMs) })
      if (!res.ok) throw new Error(`key server answered ${res.status}`)
      this.keys = parseKeys(await res.json())
      this.fetchedAt = now
    } catch {
      // fail closed: keep no stale keys past their 24 h, verify nothing new
      if (now - this.fetchedAt > KEY_CACHE_MS) this.keys.clear()
    }
  }
}

/** AdMob's key document → keyId → public key. Throws on anything malformed. */
export function parseKeys(doc: unknown): Map<string, KeyObject> {
  const list = (doc as { keys?: unknown })?.keys
  if (!Array.isArray(list) || !list.length) throw new Error('no keys')
  const out = new Map<string, KeyObject>()
  for (const k of list as { keyId?: unknown; pem?: unknown; base64?: unknown }[]) {
    if ((typeof k.keyId !== 'number' && typeof k.keyId !== 'string') || (typeof k.pem !== 'string' && typeof k.base64 !== 'string'))
      throw new Error('malformed key')
    const key =
      typeof k.pem === 'string' ? createPublicKey(k.pem) : createPublicKey({ key: Buffer.from(k.base64 as string, 'base64'), format: 'der', type: 'spki' })
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not a P-256 key')
    out.set(String(k.keyId), key)
  }
  return out
}

export interface SsvCallback {
  /** The signed content: the query before `&signature=`, percent-decoded (`+` stays `+`). */
  content: string
  /** The signed parameters, each name and value decoded the same way. */
  params: Map<string, string>
  signature: Buffer
  keyId: string
}

export type SsvParseResult = { ok: true; callback: SsvCallback } | { ok: false; reason: string }

const TAIL = /^signature=([A-Za-z0-9_-]+={0,2})&key_id=(\d{1,20})$/

/**
 * Splits a callback's query string, exactly as received (without `?`), the way Google's reference
 * verifier does (Tink's RewardedAdsVerifier: `URI.getQuery()` up to `&signature=`): the signed
 * content is that prefix with its percent escapes decoded as UTF-8 and nothing else (a `+` is a
 * `+`, not a space). Real AdMob callbacks sign the decoded text: `custom_data=test%20with%20spaces`
 * verifies as `custom_data=test with spaces` (test/unit/saju/ssv-known-answers.test.ts). Hence the
 * raw query, never one rebuilt from parsed parameters: a rebuild loses `+`, order and parameters it
 * does not know of.
 *
 * Decoding makes the signed text ambiguous where a decoded name holds `=` or `&`, or a decoded
 * value holds `&` (`a=1%26transaction_id%3D2` signs the same text as `a=1&transaction_id=2`): such
 * a callback is refused, so the parameters read are always the ones the signed text shows.
 */
export function parseCallbackQuery(query: string): SsvParseResult {
  const at = query.indexOf('&signature=')
  if (at <= 0) return { ok: false, reason: 'signature missing' }
  const tail = TAIL.exec(query.slice(at + 1))
  if (!tail) return { ok: false, reason: 'signature and key_id (a number) must be the last two parameters' }
  const signedRaw = query.slice(0, at)
  let content: string
  const params = new Map<string, string>()
  try {
    content = decodeURIComponent(signedRaw)
    for (const pair of signedRaw.split('&')) {
      const eq = pair.indexOf('=')
      const name = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq))
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1))
      if (!name || /[&=]/.test(name) || value.includes('&')) return { ok: false, reason: `ambiguous parameter ${JSON.stringify(name)}` }
      if (params.has(name)) return { ok: false, reason: `duplicate parameter ${name}` }
      params.set(name, value)
    }
  } catch {
    return { ok: false, reason: 'bad percent-encoding' }
  }
  return { ok: true, callback: { content, params, signature: Buffer.from(tail[1], 'base64url'), keyId: tail[2] } }
}

/** Whether `signature` is a valid ECDSA P-256/SHA-256 DER signature of `content` by `key`. */
export function signatureValid(content: string, signature: Buffer, key: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(content, 'utf8'), { key, dsaEncoding: 'der' }, signature)
  } catch {
    return false
  }
}

/** Verifies a parsed callback against the key source: 'ok', or why not. */
export async function verifyCallback(cb: SsvCallback, keys: SsvKeySource): Promise<'ok' | 'unknown_key' | 'bad_signature'> {
  const key = await keys.keyFor(cb.keyId)
  if (!key) return 'unknown_key'
  return signatureValid(cb.content, cb.signature, key) ? 'ok' : 'bad_signature'
}
