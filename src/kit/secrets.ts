/**
 * Secret comparison and generation. Comparing digests keeps the comparison constant-time for
 * inputs of any length (timingSafeEqual itself throws on a length mismatch, which would both
 * leak the length and turn a wrong token into a 500).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest()
  const b = createHash('sha256').update(expected, 'utf8').digest()
  return timingSafeEqual(a, b)
}

/** True when `given` equals any of `candidates`; every candidate is compared, whatever matches. */
export function safeEqualAny(given: string, candidates: readonly string[]): boolean {
  let ok = false
  for (const c of candidates) ok = safeEqual(given, c) || ok
  return ok
}

/** 32 random bytes as 64 hex characters, like the seed's `openssl rand -hex 32`. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('hex')
