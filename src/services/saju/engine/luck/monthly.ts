// MonthlyLuckCalculator (월운): the saju month that begins at the 절 inside Gregorian month
// `month` of `year` (소한 in January ... 대설 in December), related to the natal chart.
import type { PolicySet } from '../policy/types.js'
import { solarTermsOfYear } from '../astro/solar-terms.js'
import { yearMonthPillars } from '../pillars/four-pillars.js'
import { pillarView } from '../pillars/pillar-view.js'
import type { Chart } from '../analysis/chart.js'
import { relateToNatal } from './relate.js'

export class MonthlyLuckCalculator {
  constructor(private readonly p: PolicySet) {}

  compute(chart: Chart, year: number, month: number) {
    const jie = solarTermsOfYear(year).filter((t) => t.isJie)[month - 1]
    const ym = yearMonthPillars(jie.utcMs + 1000, this.p)
    return {
      year, month,
      starts_at: new Date(jie.utcMs).toISOString(),
      ends_at: new Date(ym.next.utcMs).toISOString(),
      jie: { longitude: jie.longitude, name_ko: this.p.localization.solar_terms[String(jie.longitude)].ko },
      year_pillar: pillarView(ym.year.stem, ym.year.branch, this.p),
      pillar: pillarView(ym.month.stem, ym.month.branch, this.p),
      ...relateToNatal(ym.month, chart, this.p),
    }
  }
}
