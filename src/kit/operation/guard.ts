/**
 * Who may call, and how often: the spec's security requirements (verifiers from the service)
 * and the service's rate-limit rule. The rate limit counts before an authentication failure is
 * answered, so a caller cannot probe credentials faster than the limit (the bucket of a caller
 * without a principal is the service's choice: usually its client address).
 */
import { KitError } from '../errors.js'
import type { Exchange } from '../exchange.js'
import type { RateLimitRule, RateLimitState } from '../rate-limit.js'
import { authenticate } from '../security.js'
import { isPromise, type MaybePromise, type Principal, type RouteDef } from '../types.js'
import type { MountedContract, Progress } from './mounted.js'

export type Guard = (ex: Exchange, st: Progress) => MaybePromise<void>

export function createGuard(contract: MountedContract, route: RouteDef): Guard {
  const { binding, opts } = contract
  const schemes = contract.def.table.securitySchemes

  const counted = (st: Progress, rule: RateLimitRule, rate: RateLimitState, authError: unknown): void => {
    st.rate = rate
    if (!rate.allowed) {
      throw new KitError('rate_limited', { retryAfterSec: rate.retryAfterSec, limit: rule.limit, windowSec: rule.windowSec, message: 'Too many requests' })
    }
    if (authError) throw authError
  }

  // The memory store answers synchronously (the pipeline stays synchronous); the database store
  // (several processes) answers with a promise.
  const admitted = (st: Progress, principal: Principal | null, authError: unknown): MaybePromise<void> => {
    st.meta.principal = principal
    if (binding.rateLimit) {
      const rule = binding.rateLimit(route, principal, st.meta.clientAddress)
      if (rule) {
        const rate = opts.limiter.hit(rule)
        return isPromise(rate) ? rate.then((r) => counted(st, rule, r, authError)) : counted(st, rule, rate, authError)
      }
    }
    if (authError) throw authError
  }

  return (ex, st) => {
    if (!route.security) return admitted(st, null, null)
    let found: MaybePromise<Principal | null> = null
    try {
      found = authenticate(ex, route, schemes, binding.verifiers)
    } catch (e) {
      return admitted(st, null, e)
    }
    return isPromise(found)
      ? found.then(
          (principal) => admitted(st, principal, null),
          (e) => admitted(st, null, e),
        )
      : admitted(st, found, null)
  }
}
