// Relations (합·충·형·파·해·원진) between the chart's stems and branches, from relation_policy.json.
import type { Element, Position, PolicySet } from '../policy/types.js'
import type { Chart } from './chart.js'
import { presentPositions } from './chart.js'
import { YuanjinDetector } from './yuanjin.js'

export interface Relation {
  type: string
  subtype?: string
  positions: Position[]
  chars: string[]
  element?: Element
}

const isPair = (pair: string[], a: string, b: string) => (pair[0] === a && pair[1] === b) || (pair[0] === b && pair[1] === a)

/** Pairwise relations between two stems (`kind: 'stem'`) or two branches. */
export function pairRelations(a: string, b: string, kind: 'stem' | 'branch', p: PolicySet): Omit<Relation, 'positions' | 'chars'>[] {
  const r = p.relation
  const out: Omit<Relation, 'positions' | 'chars'>[] = []
  if (kind === 'stem') {
    const comb = r.stem_combinations.find((c) => isPair(c.pair, a, b))
    if (comb) out.push({ type: 'stem_combination', element: comb.element })
    if (r.stem_clashes.some((c) => isPair(c, a, b))) out.push({ type: 'stem_clash' })
    return out
  }
  const six = r.branch_six_combinations.find((c) => isPair(c.pair, a, b))
  if (six) out.push({ type: 'six_combination', element: six.element })
  for (const t of r.branch_three_combinations) {
    if (a !== b && t.branches.includes(a) && t.branches.includes(b) && (!r.half_combination_requires_center || a === t.center || b === t.center)) {
      out.push({ type: 'half_combination', element: t.element })
    }
  }
  if (r.branch_clashes.some((c) => isPair(c, a, b))) out.push({ type: 'clash' })
  for (const pun of r.branch_punishments) {
    if (a !== b && pun.branches.includes(a) && pun.branches.includes(b)) out.push({ type: 'punishment', subtype: pun.id })
  }
  if (a === b && r.self_punishment_branches.includes(a)) out.push({ type: 'self_punishment' })
  if (r.branch_destructions.some((c) => isPair(c, a, b))) out.push({ type: 'destruction' })
  if (r.branch_harms.some((c) => isPair(c, a, b))) out.push({ type: 'harm' })
  if (new YuanjinDetector(p).isYuanjin(a, b)) out.push({ type: 'yuanjin' })
  return out
}

export function chartRelations(chart: Chart, p: PolicySet): Relation[] {
  const pos = presentPositions(chart)
  const out: Relation[] = []
  for (let i = 0; i < pos.length; i++) {
    for (let j = i + 1; j < pos.length; j++) {
      const [x, y] = [chart.pillars[pos[i]]!, chart.pillars[pos[j]]!]
      for (const r of pairRelations(x.stem, y.stem, 'stem', p)) out.push({ ...r, positions: [pos[i], pos[j]], chars: [x.stem, y.stem] })
      for (const r of pairRelations(x.branch, y.branch, 'branch', p)) out.push({ ...r, positions: [pos[i], pos[j]], chars: [x.branch, y.branch] })
    }
  }
  // groups of three: full 삼합, 방합 and the three-branch 형
  const branches = pos.map((q) => chart.pillars[q]!.branch)
  const groupHit = (group: string[]) => group.every((g) => branches.includes(g))
  const where = (group: string[]) => pos.filter((q) => group.includes(chart.pillars[q]!.branch))
  for (const t of p.relation.branch_three_combinations) if (groupHit(t.branches)) out.push({ type: 'three_combination', positions: where(t.branches), chars: t.branches, element: t.element })
  for (const t of p.relation.branch_directional_combinations) if (groupHit(t.branches)) out.push({ type: 'directional_combination', positions: where(t.branches), chars: t.branches, element: t.element })
  for (const t of p.relation.branch_punishments) if (t.branches.length === 3 && groupHit(t.branches)) out.push({ type: 'punishment', subtype: t.id, positions: where(t.branches), chars: t.branches })
  return out
}
