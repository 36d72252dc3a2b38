/**
 * GET /entitlements and the snapshots on reports and chat: the plan's rules, what the user has
 * used today (KST), the ledger balance and the rewarded-ad state a paywall needs to render.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'
import type { Entitlements, EntitlementsSnapshot } from '../../../generated/saju/sdk/types.gen.js'
import { PLANS, kstDate, nextKstMidnight, type PlanId } from './plans.js'
import type { RewardPolicy } from './rewards.js'
import * as repo from './repo.js'

const isoSec = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

export async function entitlementsOf(db: Kysely<Database>, userId: string, reward: RewardPolicy, now: Date): Promise<Omit<Entitlements, 'signatures'>> {
  const user = await repo.findUser(db, userId)
  if (!user) throw new Error(`saju user ${userId} vanished`)
  const rules = PLANS[user.plan as PlanId]
  const today = kstDate(now)
  const [stored, lightUsed, rewardsToday, last] = await Promise.all([
    repo.countProfiles(db, userId),
    repo.lightUsed(db, userId, today),
    repo.rewardsOfDay(db, userId, today),
    repo.lastReward(db, userId),
  ])
  let nextEligible: Date | null = null
  if (rewardsToday.length >= reward.dailyCap) nextEligible = nextKstMidnight(now)
  else if (last && Date.parse(last) + reward.cooldownSec * 1000 > now.getTime()) nextEligible = new Date(Date.parse(last) + reward.cooldownSec * 1000)
  return {
    plan: user.plan,
    storage_limit: rules.storage_limit,
    stored,
    light_daily_limit: rules.light_daily_limit,
    light_daily_left: Math.max(0, rules.light_daily_limit - lightUsed),
    light_resets_at: isoSec(nextKstMidnight(now)),
    deep_tokens: user.deep_tokens,
    features: { ...rules.features },
    rewarded_ads: {
      reward_tokens: 1,
      cooldown_sec: reward.cooldownSec,
      daily_cap: reward.dailyCap,
      daily_used: rewardsToday.length,
      next_eligible_at: nextEligible ? isoSec(nextEligible) : null,
    },
    as_of: isoSec(now),
  }
}

export const snapshotOf = (e: Omit<Entitlements, 'signatures'>): EntitlementsSnapshot => ({
  plan: e.plan,
  light_daily_left: e.light_daily_left,
  deep_tokens: e.deep_tokens,
})

/** Suggest a rewarded ad when the user sees ads, is low on deep tokens and may earn one now. */
export function adsSuggestOf(e: Omit<Entitlements, 'signatures'>) {
  if (e.features.ads_free || e.deep_tokens >= 3 || e.rewarded_ads.next_eligible_at !== null || e.rewarded_ads.daily_used >= e.rewarded_ads.daily_cap)
    return undefined
  return { show: true, format: 'rewarded' as const, reward_tokens: e.rewarded_ads.reward_tokens, reason: 'low_deep_tokens' }
}
