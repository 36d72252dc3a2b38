// 대운: ten-year pillars stepping from the month pillar, forward or backward by gender and the
// year stem's polarity. Start age in Korean reckoning (세는 나이) from the exact distance to the
// next 절 (forward) or from the previous 절 (backward), 3 days = 1 year (sixty_jiazi.json `daewoon`).
import type { PolicySet } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { FourPillars } from '../pillars/four-pillars.js'

export interface Daewoon {
  direction: 'forward' | 'backward'
  start_age: number
  start_year: number
  cycles: string[]
  /** For evidence: the distance in days to the 절 counted from, and that 절. */
  days_to_jie: number
  jie_utc: string
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
  const cycles: string[] = []
  for (let k = 1; k <= rule.count; k++) {
    const pl = c.at(monthIdx + (forward ? k : -k))
    cycles.push(pl.stem + pl.branch)
  }
  return {
    direction: forward ? 'forward' : 'backward',
    start_age: start,
    start_year: birthYear + start - 1,
    cycles,
    days_to_jie: Math.round(days * 10000) / 10000,
    jie_utc: new Date(jie.utcMs).toISOString(),
  }
}

/**
 * The 대운 pillar running in `year` (cycle i covers start_year + 10i ...). Before the first one
 * starts, the month pillar itself rules, as is customary; past the listed cycles the sequence continues.
 */
export function daewoonInYear(d: Daewoon, fp: FourPillars, year: number, p: PolicySet): string {
  const c = cycleOf(p.sixtyJiazi)
  if (year < d.start_year) return fp.month.stem + fp.month.branch
  const k = Math.floor((year - d.start_year) / p.sixtyJiazi.daewoon.span_years) + 1
  const pl = c.at(c.indexOf(fp.month.stem, fp.month.branch) + (d.direction === 'forward' ? k : -k))
  return pl.stem + pl.branch
}
