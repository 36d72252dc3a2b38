/**
 * What each plan includes (Entitlements): profile storage, the daily light-chat allowance and
 * features. Deep tokens are not part of a plan; they come from the ledger.
 */
export type PlanId = 'free' | 'plus' | 'premium'

export interface PlanRules {
  storage_limit: number
  light_daily_limit: number
  features: { pdf_report: boolean; deep_chat: boolean; ads_free: boolean }
}

export const PLANS: Record<PlanId, PlanRules> = {
  free: { storage_limit: 3, light_daily_limit: 3, features: { pdf_report: false, deep_chat: true, ads_free: false } },
  plus: { storage_limit: 10, light_daily_limit: 10, features: { pdf_report: true, deep_chat: true, ads_free: false } },
  premium: { storage_limit: 50, light_daily_limit: 30, features: { pdf_report: true, deep_chat: true, ads_free: true } },
}

/** Deep tokens a new user starts with (one `grant` ledger entry). */
export const WELCOME_TOKENS = 3

const KST_MS = 9 * 3600_000

/** The KST calendar date (YYYY-MM-DD) of an instant: light allowances and reward caps reset at KST midnight. */
export const kstDate = (d: Date) => new Date(d.getTime() + KST_MS).toISOString().slice(0, 10)

/** The next KST midnight after `d`, as a Date. */
export function nextKstMidnight(d: Date): Date {
  const day = Date.parse(`${kstDate(d)}T00:00:00Z`) - KST_MS
  return new Date(day + 86_400_000)
}
