/**
 * Checking a saju answer the way the spec defines its signatures: `signatures.sha256` is the
 * SHA-256 (lowercase hex) of the RFC 8785 (JCS) canonical JSON of the body without its
 * `signatures` member, and `X-Signature: keyid="…", alg="ed25519", sig="<base64url>"` is the
 * server's Ed25519 signature of the same canonical bytes, checked against the published JWKS
 * (`GET /api/v1/signing-keys`). Web Crypto only, so it runs in browsers and Node alike.
 */
import * as jcs from 'canonicalize'
import { isObject } from './core/bind.js'

export interface SignatureCheck {
  /** Intact, and (when an X-Signature was given) signed by a key the server publishes. */
  ok: boolean
  /** `signatures.sha256` equals the digest of the body's canonical form. */
  intact: boolean
  /** The X-Signature verified (`undefined` when none was given). */
  authentic?: boolean
  /** The key that signed it, from X-Signature. */
  keyId?: string
  /** Why `ok` is false, in words. */
  reason?: string
}

/** A published signing key, as `GET /api/v1/signing-keys` lists it. */
export interface SigningJwk {
  kty: string
  crv?: string
  x?: string
  kid?: string
}

const enc = new TextEncoder()
// `canonicalize` (by an RFC 8785 author) is CommonJS: its function is the module itself, or its default once bundled.
const canonicalize = ((jcs as { default?: unknown }).default ?? jcs) as (input: unknown) => string | undefined

/** The RFC 8785 canonical JSON of a saju body without its `signatures` member: the bytes both signatures cover. */
export function canonicalBody(body: Record<string, unknown>): string {
  const { signatures: _ignored, ...rest } = body
  return canonicalize(rest) as string
}

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')

function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4))
  return Uint8Array.from(bin, (c) => c.charCodeAt(0))
}

/** `keyid="…", alg="ed25519", sig="…"` → its parameters. */
export function parseXSignature(header: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!
  return out
}

/** SHA-256 hex of the canonical body: what `signatures.sha256` must be. */
export async function bodyDigest(body: Record<string, unknown>): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest('SHA-256', enc.encode(canonicalBody(body))))
}

/**
 * Checks a saju body: its `signatures.sha256` and, given the answer's `X-Signature` and the
 * server's published keys, its Ed25519 signature.
 */
export async function checkSignature(body: unknown, xSignature?: string | null, keys?: () => Promise<SigningJwk[]>): Promise<SignatureCheck> {
  if (!isObject(body)) return { ok: false, intact: false, reason: 'not a JSON object' }
  const claimed = isObject(body.signatures) ? body.signatures.sha256 : undefined
  if (typeof claimed !== 'string') return { ok: false, intact: false, reason: 'no signatures.sha256 in the body' }
  const intact = (await bodyDigest(body)) === claimed
  if (!xSignature) return { ok: intact, intact, ...(intact ? {} : { reason: 'signatures.sha256 does not match the body' }) }
  const sig = parseXSignature(xSignature)
  const keyId = sig.keyid
  if (sig.alg !== 'ed25519' || !sig.sig || !keyId) return { ok: false, intact, authentic: false, reason: `unreadable X-Signature: ${xSignature}` }
  const jwk = (await keys?.())?.find((k) => k.kid === keyId)
  if (!jwk?.x || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') return { ok: false, intact, authentic: false, keyId, reason: `no published Ed25519 key ${keyId}` }
  const key = await globalThis.crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, ['verify'])
  const authentic = await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64url(sig.sig), enc.encode(canonicalBody(body)))
  const reason = !intact ? 'signatures.sha256 does not match the body' : !authentic ? `X-Signature does not verify with key ${keyId}` : undefined
  return { ok: intact && authentic, intact, authentic, keyId, ...(reason ? { reason } : {}) }
}
