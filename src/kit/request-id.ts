/**
 * Every response carries X-Request-Id: the client's own when it is a sane token (so a client can
 * correlate its logs with ours), otherwise a fresh one. Anything else could smuggle text into logs.
 */
import { randomUUID } from 'node:crypto'

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/

export function requestIdFrom(header: string | undefined | null): string {
  return header && SAFE.test(header) ? header : `req_${randomUUID().replace(/-/g, '')}`
}
