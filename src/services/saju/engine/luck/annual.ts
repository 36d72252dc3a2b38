// AnnualLuckCalculator (세운): the pillar of a year (from its 입춘) related to the natal chart.
import type { PolicySet } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import { lichunOf, yearCycleIndex } from '../pillars/four-pillars.js'
import { pillarView } from '../pillars/pillar-view.js'
import type { Chart } from '../analysis/chart.js'
import { relateToNatal } from './relate.js'

export class AnnualLuckCalculator {
  constructor(private readonly p: PolicySet) {}

  compute(chart: Chart, year: number) {
    const c = cycleOf(this.p.sixtyJiazi)
    const pl = c.at(yearCycleIndex(year, this.p))
    return {
      year,
      starts_at: new Date(lichunOf(year, this.p)).toISOString(),
      ends_at: new Date(lichunOf(year + 1, this.p)).toISOString(),
      pillar: pillarView(pl.stem, pl.branch, this.p),
      ...relateToNatal(pl, chart, this.p),
    }
  }
}
