/**
 * CORS for browser frontends, done inside the pipeline rather than as a Hono middleware: a
 * middleware puts every request on Hono's composed path and rebuilds each response, which cost
 * a quarter of the throughput; here requests without `Origin` (every non-browser client) pay
 * nothing, and browser requests get their headers added with the rest.
 */
import type { Context } from 'hono'

/** Headers a browser client may read: ids, rate limits, mock and replay markers, saju's X-Signature (the SDK's verifySignature). */
const EXPOSED_HEADERS = [
  'X-Request-Id',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'X-Mock',
  'Idempotency-Replayed',
  'Location',
  'Allow',
  'X-Signature',
].join(', ')
const METHODS = 'GET, HEAD, PUT, POST, PATCH, DELETE'

export interface CorsPolicy {
  /** Headers for an actual (non-preflight) response, or null when the origin is not allowed. */
  headersFor(origin: string | undefined): Record<string, string> | null
  /** The answer to a preflight request, or null when the request is not a preflight. */
  preflight(c: Context): Response | null
}

/**
 * `*` reflects any origin, without credentials: a page elsewhere may call the public APIs but
 * never with the user's cookies (findori's admin session). Origins listed by name also get
 * `Access-Control-Allow-Credentials`, for a frontend that signs in.
 */
export function corsPolicy(origins: string[]): CorsPolicy | null {
  if (!origins.length) return null
  const any = origins.includes('*')
  const allowed = (origin: string | undefined): origin is string => !!origin && (any || origins.includes(origin))
  const trusted = (origin: string) => origins.includes(origin)
  return {
    headersFor(origin) {
      if (!allowed(origin)) return null
      return {
        'access-control-allow-origin': origin,
        ...(trusted(origin) ? { 'access-control-allow-credentials': 'true' } : {}),
        'access-control-expose-headers': EXPOSED_HEADERS,
        vary: 'Origin',
      }
    },
    preflight(c) {
      const origin = c.req.header('origin')
      const method = c.req.header('access-control-request-method')
      if (!origin || !method) return null
      const headers: Record<string, string> = { vary: 'Origin, Access-Control-Request-Headers' }
      if (allowed(origin)) {
        headers['access-control-allow-origin'] = origin
        if (trusted(origin)) headers['access-control-allow-credentials'] = 'true'
        headers['access-control-allow-methods'] = METHODS
        headers['access-control-max-age'] = '600'
        const requested = c.req.header('access-control-request-headers')
        if (requested) headers['access-control-allow-headers'] = requested
      }
      return new Response(null, { status: 204, headers })
    },
  }
}
