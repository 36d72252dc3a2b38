/**
 * Whether a step interrupts for a human: `hitl_config` per action (seed §6 replaced
 * `automation_level` with it). The thread's own policy overrides the server's default.
 */
import type { Action, EffectiveHitlConfig, Policy } from './types.js'

export function effectiveConfig(defaults: EffectiveHitlConfig, own: Partial<EffectiveHitlConfig> | undefined): EffectiveHitlConfig {
  return { trade: own?.trade ?? defaults.trade, rebalance: own?.rebalance ?? defaults.rebalance }
}

/** An unknown amount (a market order) always asks: a threshold cannot vouch for it. */
export function needsApproval(config: EffectiveHitlConfig, action: Action, amount: number | null): boolean {
  const policy: Policy = config[action]
  if (policy === 'always') return true
  if (policy === 'never') return false
  return amount === null || amount > policy.above_amount
}

/** Parses `always`, `never` or `above:<amount>` (the configuration's spelling). */
export function parsePolicy(raw: string): Policy | null {
  if (raw === 'always' || raw === 'never') return raw
  const m = raw.match(/^above:(\d+(?:\.\d+)?)$/)
  return m ? { above_amount: Number(m[1]) } : null
}
