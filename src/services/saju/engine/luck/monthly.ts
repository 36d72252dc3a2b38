// MonthlyLuckCalculator (월운): the saju month that begins at the 절 inside Gregorian month `month`
// of `year` (소한 in January ... 대설 in December; January's 丑 month belongs to the previous 세운),
// related to the natal chart. `report()` returns the spec's LuckMonthly body without `signatures`.
import type { PolicySet } from '../policy/types.js'
import type { MonthlyLuckReport } from '../spec-types.js'
import type { MonthlyLuckRequest } from '../spec-types.js'
import { SajuInputError } from '../errors.js'
import { isoSeconds } from '../time/wall-clock.js'
import { solarTermsOfYear } from '../astro/solar-terms.js'
import { yearMonthPillars } from '../pillars/four-pillars.js'
import { pillarView } from '../pillars/pillar-view.js'
import { EvidenceLog } from '../analysis/evidence.js'
import { natalChart } from '../report/compute-report.js'
import { inputEcho } from '../report/input-echo.js'
import { highlights, relateToNatal } from './relate.js'
import { MONTHLY_TTL_SEC, luckMeta, natalSummary } from './luck-meta.js'

export class MonthlyLuckCalculator {
  constructor(private readonly p: PolicySet) {}

  report(req: MonthlyLuckRequest, now: Date = new Date()): MonthlyLuckReport {
    if (!Number.isInteger(req.year) || req.year < 1900 || req.year > 2100)
      throw new SajuInputError('E_BAD_REQUEST', 'year must be an integer 1900–2100', 'year')
    if (!Number.isInteger(req.month) || req.month < 1 || req.month > 12) throw new SajuInputError('E_BAD_REQUEST', 'month must be an integer 1–12', 'month')
    const input = inputEcho(req, false)
    const { chart } = natalChart(req, this.p)
    const ev = new EvidenceLog(this.p)
    // each Gregorian month holds exactly one of the twelve 절, in order from 소한
    const jie = solarTermsOfYear(req.year).filter((t) => t.isJie)[req.month - 1]
    const ym = yearMonthPillars(jie.utcMs + 1000, this.p)
    const rel = relateToNatal(ym.month, chart, this.p, ev)
    ev.add(
      'branchTenGods',
      'luck.monthly.ten_god_overlay',
      { day_stem: chart.pillars.day.stem, month_pillar: ym.month.stem + ym.month.branch },
      `${rel.ten_gods.stem}/${rel.ten_gods.branch}`,
    )
    const term = this.p.localization.solar_terms[String(jie.longitude)]
    return {
      meta: luckMeta(input, { year: req.year, month: req.month }, MONTHLY_TTL_SEC, req.profile_id, now),
      natal: natalSummary(chart),
      year: req.year,
      month: req.month,
      solar_term: { name_ko: term.ko, hanja: term.hanja ?? '', instant: isoSeconds(jie.utcMs) },
      starts_at: isoSeconds(jie.utcMs),
      ends_at: isoSeconds(ym.next.utcMs),
      pillar: pillarView(ym.month.stem, ym.month.branch, this.p),
      annual_pillar: ym.year.stem + ym.year.branch,
      ...rel,
      highlights_ko: highlights(rel, this.p),
      evidence: ev.items,
    }
  }
}
