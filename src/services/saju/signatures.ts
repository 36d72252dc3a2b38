/**
 * `signatures.sha256` on every saju response body: SHA-256 (lowercase hex) of the RFC 8785
 * canonical JSON of the body without its `signatures` member. A client recomputes it the same
 * way to check a stored report was not altered.
 */
import { createHash } from 'node:crypto'
import { canonicalize } from 'json-canonicalize'
import type { HandlerResult } from '../../kit/types.js'

export function signatureOf(body: Record<string, unknown>): string {
  const { signatures: _ignored, ...rest } = body
  return createHash('sha256').update(canonicalize(rest), 'utf8').digest('hex')
}

export function signBody(result: HandlerResult): HandlerResult {
  const body = result.body
  if (!body || typeof body !== 'object' || Array.isArray(body) || body instanceof Uint8Array) return result
  return { ...result, body: { ...(body as Record<string, unknown>), signatures: { sha256: signatureOf(body as Record<string, unknown>) } } }
}
