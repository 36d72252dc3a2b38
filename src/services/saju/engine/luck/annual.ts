// AnnualLuckCalculator (세운): from `year`, `span` years, each from its 입춘 to the next, its pillar
// related to the natal chart, with the 대운 running at that 입춘 when the gender is known.
// `report()` returns the spec's LuckAnnual body without `signatures`.
import type { PolicySet } from '../policy/types.js'
import type { AnnualLuckReport, LuckYear } from '../spec-types.js'
import type { AnnualLuckRequest } from '../spec-types.js'
import { SajuInputError } from '../errors.js'
import { isoSeconds } from '../time/wall-clock.js'
import { cycleOf } from '../pillars/cycle.js'
import { lichunOf, yearCycleIndex } from '../pillars/four-pillars.js'
import { pillarView } from '../pillars/pillar-view.js'
import { EvidenceLog } from '../analysis/evidence.js'
import { natalChart } from '../report/compute-report.js'
import { inputEcho } from '../report/input-echo.js'
import { computeDaewoon, daewoonInYear } from './daewoon.js'
import { highlights, relateToNatal } from './relate.js'
import { ANNUAL_TTL_SEC, luckMeta, natalSummary } from './luck-meta.js'

export class AnnualLuckCalculator {
  constructor(private readonly p: PolicySet) {}

  report(req: AnnualLuckRequest, now: Date = new Date()): AnnualLuckReport {
    const span = req.span ?? 1
    if (!Number.isInteger(req.year) || req.year < 1900 || req.year > 2100)
      throw new SajuInputError('E_BAD_REQUEST', 'year must be an integer 1900–2100', 'year')
    if (!Number.isInteger(span) || span < 1 || span > 10) throw new SajuInputError('E_BAD_REQUEST', 'span must be an integer 1–10', 'span')
    if (req.year + span - 1 > 2100) throw new SajuInputError('E_UNPROCESSABLE', 'year + span - 1 must not pass 2100', 'span')
    const input = inputEcho(req, false)
    const { birth, fp, chart } = natalChart(req, this.p)
    const ev = new EvidenceLog(this.p)
    const dw = input.gender ? computeDaewoon(birth.utcMs, birth.wall.year, fp, input.gender, this.p) : null
    const years: LuckYear[] = []
    for (let y = req.year; y < req.year + span; y++) {
      const c = cycleOf(this.p.sixtyJiazi).at(yearCycleIndex(y, this.p))
      const rel = relateToNatal(c, chart, this.p, ev)
      ev.add(
        'branchTenGods',
        'luck.annual.ten_god_overlay',
        { day_stem: chart.pillars.day.stem, year_pillar: c.stem + c.branch },
        `${rel.ten_gods.stem}/${rel.ten_gods.branch}`,
      )
      const daewoon = dw ? daewoonInYear(dw, fp, y, this.p) : null
      years.push({
        year: y,
        starts_at: isoSeconds(lichunOf(y, this.p)),
        ends_at: isoSeconds(lichunOf(y + 1, this.p)),
        pillar: pillarView(c.stem, c.branch, this.p),
        ...rel,
        daewoon,
        highlights_ko: highlights(rel, this.p, daewoon),
      })
    }
    return {
      meta: luckMeta(input, { year: req.year, span }, ANNUAL_TTL_SEC, req.profile_id, now),
      natal: natalSummary(chart),
      years,
      evidence: ev.items,
    }
  }
}
