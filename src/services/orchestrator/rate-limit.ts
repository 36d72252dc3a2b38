/**
 * The seed's rate-limit table: 100/min per token when authenticated, 10/min per client address
 * otherwise, and 5 per 10 minutes for the emergency API. Limits come from configuration.
 */
import type { RateLimitRule } from '../../kit/rate-limit.js'
import type { Principal, RouteDef } from '../../kit/types.js'
import type { RateLimitConfig } from '../../config.js'

/** `limits` is read per request: an L2 reset may have reloaded them. */
export function orchestratorRateLimit(current: () => RateLimitConfig) {
  return (route: RouteDef, principal: Principal | null, clientAddress: string): RateLimitRule => {
    const limits = current()
    if (route.method === 'post' && route.path.startsWith('/api/emergency/')) {
      return { key: `orch:emergency:${principal?.id ?? clientAddress}`, limit: limits.emergencyPer10Min, windowSec: 600 }
    }
    if (principal) return { key: `orch:auth:${principal.id}`, limit: limits.authenticatedPerMin, windowSec: 60 }
    return { key: `orch:anon:${clientAddress}`, limit: limits.unauthenticatedPerMin, windowSec: 60 }
  }
}
