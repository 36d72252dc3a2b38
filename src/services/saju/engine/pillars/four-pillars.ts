// Year and month pillars from the UTC instant against the solar terms (입춘 starts the year,
// each 절 a month); day and hour pillars from local mean time and the Julian-day cycle.
// zi_hour_mode 'default' moves the day at 23:00 LMT; 'split_23' (야자시) keeps the day for
// 23:00-24:00 but still takes the next day's 子-hour stem.
import type { PolicySet } from '../policy/types.js'
import { solarTermsOfYear, surroundingJie, type SolarTerm } from '../astro/solar-terms.js'
import { cycleOf, mod } from './cycle.js'
import type { WallClock } from '../time/wall-clock.js'

export type ZiHourMode = 'split_23' | 'default'

export interface RawPillar {
  stem: string
  branch: string
}

export interface FourPillars {
  year: RawPillar
  month: RawPillar
  day: RawPillar
  hour: RawPillar | null
  basis: {
    saju_year: number
    lichun_utc_ms: number
    month_jie: SolarTerm
    next_jie: SolarTerm
    day_jdn: number
    day_shifted_by_zi: boolean
  }
}

const jdnCache = new Map<string, number>()

/** Julian day number of a Gregorian civil date. */
export function julianDayNumber(y: number, m: number, d: number): number {
  const dt = new Date(0)
  dt.setUTCFullYear(y, m - 1, d)
  return Math.round(dt.getTime() / 86_400_000 + 2440587.5 + 0.5)
}

function anchorJdn(date: string): number {
  let j = jdnCache.get(date)
  if (j === undefined) {
    const [y, m, d] = date.split('-').map(Number)
    j = julianDayNumber(y, m, d)
    jdnCache.set(date, j)
  }
  return j
}

/** Index in the sixty-cycle of the day with Julian day number `jdn`. */
export function dayCycleIndex(jdn: number, p: PolicySet): number {
  const c = cycleOf(p.sixtyJiazi)
  const a = p.sixtyJiazi.anchors.day
  const [s, b] = [...a.pillar]
  return mod(jdn - anchorJdn(a.date) + c.indexOf(s, b), 60)
}

/** Year pillar index for a saju year (the year that starts at its 입춘). */
export function yearCycleIndex(sajuYear: number, p: PolicySet): number {
  const c = cycleOf(p.sixtyJiazi)
  const a = p.sixtyJiazi.anchors.year
  const [s, b] = [...a.pillar]
  return mod(sajuYear - a.year + c.indexOf(s, b), 60)
}

export function lichunOf(year: number, p: PolicySet): number {
  return solarTermsOfYear(year).find((t) => t.longitude === p.sixtyJiazi.year_start_longitude)!.utcMs
}

/** Year and month pillars of the saju month containing `utcMs`. */
export function yearMonthPillars(utcMs: number, p: PolicySet) {
  const c = cycleOf(p.sixtyJiazi)
  const gy = new Date(utcMs).getUTCFullYear()
  const lichun = lichunOf(gy, p)
  const sajuYear = utcMs >= lichun ? gy : gy - 1
  const year = c.at(yearCycleIndex(sajuYear, p))
  const { previous, next } = surroundingJie(utcMs)
  const branch = p.sixtyJiazi.month_branch_by_jie_longitude[String(previous.longitude)]
  const tigerStem = p.sixtyJiazi.month_stem_of_tiger_by_year_stem[year.stem]
  // months count from 寅; the stem advances with the branch
  const steps = mod(c.branchIndex(branch) - c.branchIndex('寅'), 12)
  const month = { stem: c.stems[mod(c.stemIndex(tigerStem) + steps, 10)], branch }
  return { year, month, sajuYear, lichun: sajuYear === gy ? lichun : lichunOf(sajuYear, p), previous, next }
}

/** Hour stem for hour branch `branch` on a day whose stem is `dayStem`. */
export function hourStem(dayStem: string, branch: string, p: PolicySet): string {
  const c = cycleOf(p.sixtyJiazi)
  const ratStem = p.sixtyJiazi.hour_stem_of_rat_by_day_stem[dayStem]
  return c.stems[mod(c.stemIndex(ratStem) + c.branchIndex(branch) - c.branchIndex('子'), 10)]
}

export function computeFourPillars(utcMs: number, lmt: WallClock, ziMode: ZiHourMode, unknownHour: boolean, p: PolicySet): FourPillars {
  const c = cycleOf(p.sixtyJiazi)
  const ym = yearMonthPillars(utcMs, p)
  const jdn = julianDayNumber(lmt.year, lmt.month, lmt.day)
  const lateZi = !unknownHour && lmt.hour === 23
  const dayShift = lateZi && ziMode === 'default' ? 1 : 0
  const day = c.at(dayCycleIndex(jdn + dayShift, p))
  let hour: RawPillar | null = null
  if (!unknownHour) {
    const branch = c.branches[Math.floor((lmt.hour + 1) / 2) % 12]
    const stemDay = lateZi ? c.at(dayCycleIndex(jdn + 1, p)).stem : day.stem
    hour = { stem: hourStem(stemDay, branch, p), branch }
  }
  return {
    year: ym.year,
    month: ym.month,
    day,
    hour,
    basis: {
      saju_year: ym.sajuYear,
      lichun_utc_ms: ym.lichun,
      month_jie: ym.previous,
      next_jie: ym.next,
      day_jdn: jdn + dayShift,
      day_shifted_by_zi: dayShift === 1,
    },
  }
}
