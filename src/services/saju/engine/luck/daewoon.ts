// 대운: ten-year pillars stepping from the month pillar, forward or backward by gender and the
// year stem's polarity. Start age in Korean reckoning (세는 나이) from the exact distance to the
// next 절 (forward) or from the previous 절 (backward), 3 days = 1 year (sixty_jiazi.json `daewoon`).
import type { PolicySet } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { FourPillars } from '../pillars/four-pillars.js'
import { pillarView, type PillarView } from '../pillars/pillar-view.js'
import { tenGodOfStem, tenGodOfBranch } from '../analysis/ten-gods.js'
import { TwelveStageCalculator } from '../analysis/twelve-stages.js'

export interface DaewoonCycle {
  index: number
  start_age: number
  end_age: number
  start_year: number
  pillar: PillarView
  ten_gods: { stem: string; branch: string }
  twelve_stage: string
}

export interface Daewoon {
  direction: 'forward' | 'backward'
  days_to_jie: number
  exact_start_years: number
  start_age: number
  start_instant: string
  reference_jie: { longitude: number; utc: string }
  cycles: DaewoonCycle[]
}

export function computeDaewoon(utcMs: number, birthYear: number, fp: FourPillars, gender: 'male' | 'female', p: PolicySet): Daewoon {
  const c = cycleOf(p.sixtyJiazi)
  const rule = p.sixtyJiazi.daewoon
  const yy = c.stemYinYang(fp.year.stem)
  const forward = rule.forward_when.some((f) => f.gender === gender && f.year_stem_yin_yang === yy)
  const jie = forward ? fp.basis.next_jie : fp.basis.month_jie
  const days = Math.abs(jie.utcMs - utcMs) / 86_400_000
  const exact = days / rule.days_per_year
  const start = Math.max(rule.min_start_age, rule.rounding === 'floor' ? Math.floor(exact) : Math.round(exact))
  const monthIdx = c.indexOf(fp.month.stem, fp.month.branch)
  const dm = fp.day.stem
  const stages = new TwelveStageCalculator(p)
  const cycles: DaewoonCycle[] = []
  for (let k = 1; k <= rule.count; k++) {
    const pl = c.at(monthIdx + (forward ? k : -k))
    const startAge = start + (k - 1) * rule.span_years
    cycles.push({
      index: k, start_age: startAge, end_age: startAge + rule.span_years - 1, start_year: birthYear + startAge - 1,
      pillar: pillarView(pl.stem, pl.branch, p),
      ten_gods: { stem: tenGodOfStem(dm, pl.stem, p), branch: tenGodOfBranch(dm, pl.branch, p) },
      twelve_stage: stages.stage(dm, pl.branch),
    })
  }
  return {
    direction: forward ? 'forward' : 'backward',
    days_to_jie: Math.round(days * 10000) / 10000,
    exact_start_years: Math.round(exact * 10000) / 10000,
    start_age: start,
    start_instant: new Date(utcMs + exact * 365.2425 * 86_400_000).toISOString(),
    reference_jie: { longitude: jie.longitude, utc: new Date(jie.utcMs).toISOString() },
    cycles,
  }
}
