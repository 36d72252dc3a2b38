// Relates a period pillar (세운, 월운) to the natal chart: ten gods, stage, relations, void.
import type { PolicySet, Position } from '../policy/types.js'
import type { Chart } from '../analysis/chart.js'
import { presentPositions } from '../analysis/chart.js'
import { pairRelations } from '../analysis/relations.js'
import { tenGodOfStem, tenGodOfBranch } from '../analysis/ten-gods.js'
import { TwelveStageCalculator } from '../analysis/twelve-stages.js'
import { VoidCalculator } from '../analysis/void.js'
import type { RawPillar } from '../pillars/four-pillars.js'

export interface PeriodRelation { natal_position: Position; type: string; subtype?: string; element?: string; chars: string[] }

export function relateToNatal(period: RawPillar, chart: Chart, p: PolicySet) {
  const dm = chart.pillars.day.stem
  const relations: PeriodRelation[] = []
  for (const q of presentPositions(chart)) {
    const n = chart.pillars[q]!
    for (const r of pairRelations(period.stem, n.stem, 'stem', p)) relations.push({ natal_position: q, ...r, chars: [period.stem, n.stem] })
    for (const r of pairRelations(period.branch, n.branch, 'branch', p)) relations.push({ natal_position: q, ...r, chars: [period.branch, n.branch] })
  }
  const dayVoid = new VoidCalculator(p).voidOf(dm, chart.pillars.day.branch).void
  return {
    ten_gods: { stem: tenGodOfStem(dm, period.stem, p), branch: tenGodOfBranch(dm, period.branch, p) },
    twelve_stage: new TwelveStageCalculator(p).stage(dm, period.branch),
    branch_is_void: dayVoid.includes(period.branch),
    relations,
  }
}
