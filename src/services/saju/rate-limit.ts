/**
 * Saju's rate-limit buckets (spec: 글로벌 규칙 · 레이트리밋): per user and operation, 60-second
 * windows, the spec's per-operation defaults. A request without a subject (no or bad token: the
 * 401s) counts against its client address for that operation, with the same limit; AdMob's
 * callback counts per client address.
 */
import type { Principal, RouteDef } from '../../kit/types.js'
import type { RateLimitRule } from '../../kit/rate-limit.js'

export const PER_MINUTE: Record<string, number> = {
  createSajuReport: 30,
  sendChatMessage: 20,
  getAnnualLuck: 60,
  getMonthlyLuck: 60,
  rewardTokens: 10,
  consumeTokens: 30,
  getEntitlements: 120,
  createPdfJob: 10,
  getPdfJob: 120,
  downloadPdfFile: 30,
  createProfile: 30,
  getProfile: 120,
  listProfiles: 120,
  deleteProfile: 30,
  receiveAdmobSsv: 600,
  getSigningKeys: 120,
}

export function sajuRateLimit(override: () => number | null) {
  return (route: RouteDef, principal: Principal | null, clientAddress: string): RateLimitRule => {
    const limit = override() ?? PER_MINUTE[route.operationId] ?? 60
    const who = principal ? `user:${principal.id}` : `ip:${clientAddress}`
    return { key: `saju:${route.operationId}:${who}`, limit, windowSec: 60 }
  }
}
