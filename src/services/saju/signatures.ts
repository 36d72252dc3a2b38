/**
 * `signatures.sha256` on every saju response body: SHA-256 (lowercase hex) of the RFC 8785
 * canonical JSON of the body without its `signatures` member. A client recomputes it the same
 * way to check a stored report was not altered. With a signing key, `X-Signature` carries an
 * Ed25519 signature of those same canonical bytes (public key: GET /api/v1/signing-keys), so
 * the client can also check the body came from this server.
 */
import { createHash } from 'node:crypto'
import { canonicalize } from 'json-canonicalize'
import type { HandlerResult } from '../../kit/types.js'
import { xSignature, type SigningKey } from './signing-key.js'

const canonicalOf = (body: Record<string, unknown>) => {
  const { signatures: _ignored, ...rest } = body
  return canonicalize(rest)
}

export function signatureOf(body: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalOf(body), 'utf8').digest('hex')
}

export function signBody(result: HandlerResult, key?: SigningKey): HandlerResult {
  const body = result.body
  if (!body || typeof body !== 'object' || Array.isArray(body) || body instanceof Uint8Array) return result
  const canonical = canonicalOf(body as Record<string, unknown>)
  const signed = { ...(body as Record<string, unknown>), signatures: { sha256: createHash('sha256').update(canonical, 'utf8').digest('hex') } }
  return { ...result, body: signed, ...(key ? { headers: { ...result.headers, 'X-Signature': xSignature(key, canonical) } } : {}) }
}
