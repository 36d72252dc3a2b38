/**
 * Every response carries X-Request-Id: the client's own when it is a sane token (so a client can
 * correlate its logs with ours), otherwise a fresh one. Anything else could smuggle text into logs.
 */
import { randomBytes } from 'node:crypto'

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/

// A random per-process prefix and a counter: unique across processes and restarts without
// asking the CSPRNG on every request (ids are correlation handles, not secrets).
const PREFIX = randomBytes(10).toString('hex')
let counter = 0

export function requestIdFrom(header: string | undefined | null): string {
  if (header && SAFE.test(header)) return header
  counter = (counter + 1) % 0x1000000000000
  return `req_${PREFIX}${counter.toString(16).padStart(12, '0')}`
}
