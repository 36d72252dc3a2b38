/**
 * Secret comparison and generation. Comparing digests keeps the comparison constant-time for
 * inputs of any length (timingSafeEqual itself throws on a length mismatch, which would both
 * leak the length and turn a wrong token into a 500).
 */
import { createHash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto'

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

export function safeEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * A constant-time matcher for one fixed secret, for the hot path (every authenticated request):
 * no hashing, one comparison. A value of another length is compared with the secret itself and
 * refused, so the time spent tells at most the secret's length (64 hex characters for ours),
 * never how much of it matched.
 */
export function secretMatcher(expected: string): (given: string) => boolean {
  const want = Buffer.from(expected, 'utf8')
  return (given) => {
    const got = Buffer.from(given, 'utf8')
    if (got.length !== want.length) {
      timingSafeEqual(want, want)
      return false
    }
    return timingSafeEqual(got, want)
  }
}

/** 32 random bytes as 64 hex characters, like the seed's `openssl rand -hex 32`. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('hex')

/**
 * Random bytes for ids (secrets take randomToken), as hex, drawn from a pool refilled 4 KiB at a time by
 * the same CSPRNG: one `randomBytes` call per id cost ~6 µs (a native call and a buffer each),
 * the pool ~0.1 µs (as node's own `randomUUID` batches its entropy).
 */
const pool = Buffer.alloc(4096)
let poolUsed = pool.length
export function randomHex(bytes: number): string {
  if (bytes > pool.length) return randomBytes(bytes).toString('hex')
  if (poolUsed + bytes > pool.length) {
    randomFillSync(pool)
    poolUsed = 0
  }
  const hex = pool.toString('hex', poolUsed, poolUsed + bytes)
  poolUsed += bytes
  return hex
}
