/**
 * Guessing tokens costs time: token-checked operations (submit, publish) are limited per client
 * address, 30 per minute (429 with Retry-After beyond). Other operations are not limited.
 */
import type { RateLimitRule } from '../../kit/rate-limit.js'
import type { Principal, RouteDef } from '../../kit/types.js'

export const TOKEN_CHECKS_PER_MIN = 30

export function operatorRateLimit(route: RouteDef, _principal: Principal | null, clientAddress: string): RateLimitRule | null {
  if (route.operationId !== 'submitDraft' && route.operationId !== 'publishLatestExport') return null
  return { key: `operator:token:${clientAddress}`, limit: TOKEN_CHECKS_PER_MIN, windowSec: 60 }
}
