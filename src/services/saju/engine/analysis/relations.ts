// Relations (합·충·형·파·해, and 원진 kept apart) between stems and branches, from relation_policy.json,
// named with the spec's types (combination, clash, punishment, break, harm) and subtype codes.
import type { Element, PolicySet } from '../policy/types.js'
import type { PillarPosition } from '../spec-types.js'
import type { Chart } from './chart.js'
import { charAt, presentPositions } from './chart.js'
import { YuanjinDetector } from './yuanjin.js'

export type RelationKind = 'combination' | 'clash' | 'punishment' | 'break' | 'harm' | 'yuanjin'

export interface PairRelation {
  type: RelationKind
  subtype: string
  element?: Element
}
export interface Relation extends PairRelation {
  members: string[]
  positions: PillarPosition[]
}

const isPair = (pair: string[], a: string, b: string) => (pair[0] === a && pair[1] === b) || (pair[0] === b && pair[1] === a)

/** Relations between two stems (`kind: 'stem'`) or two branches, wherever they stand. */
export function pairRelations(a: string, b: string, kind: 'stem' | 'branch', p: PolicySet): PairRelation[] {
  const r = p.relation
  const out: PairRelation[] = []
  if (kind === 'stem') {
    const comb = r.stem_combinations.find((c) => isPair(c.pair, a, b))
    if (comb) out.push({ type: 'combination', subtype: 'stem_five_combination', element: comb.element })
    if (r.stem_clashes.some((c) => isPair(c, a, b))) out.push({ type: 'clash', subtype: 'stem_clash' })
    return out
  }
  const six = r.branch_six_combinations.find((c) => isPair(c.pair, a, b))
  if (six) out.push({ type: 'combination', subtype: 'six_combination', element: six.element })
  const halfOf = (groups: { branches: string[]; element: Element }[], center: (g: string[]) => string, needsCenter: boolean, subtype: string) => {
    for (const g of groups) {
      if (a !== b && g.branches.includes(a) && g.branches.includes(b) && (!needsCenter || a === center(g.branches) || b === center(g.branches))) {
        out.push({ type: 'combination', subtype, element: g.element })
      }
    }
  }
  halfOf(
    r.branch_three_combinations,
    (g) => r.branch_three_combinations.find((t) => t.branches === g)!.center,
    r.half_combination_requires_center,
    'half_three_harmony',
  )
  // the middle branch of a 방합 is its season's peak (卯 午 酉 子)
  halfOf(r.branch_directional_combinations, (g) => g[1], r.half_directional_requires_center, 'half_directional_combination')
  if (r.branch_clashes.some((c) => isPair(c, a, b))) out.push({ type: 'clash', subtype: 'branch_clash' })
  for (const pun of r.branch_punishments) {
    if (a !== b && pun.branches.includes(a) && pun.branches.includes(b)) out.push({ type: 'punishment', subtype: pun.id })
  }
  if (a === b && r.self_punishment_branches.includes(a)) out.push({ type: 'punishment', subtype: 'self_punishment' })
  if (r.branch_destructions.some((c) => isPair(c, a, b))) out.push({ type: 'break', subtype: 'branch_break' })
  if (r.branch_harms.some((c) => isPair(c, a, b))) out.push({ type: 'harm', subtype: 'branch_harm' })
  if (new YuanjinDetector(p).isYuanjin(a, b)) out.push({ type: 'yuanjin', subtype: 'yuanjin' })
  return out
}

/** Every relation inside the chart: pairs of stems, pairs of branches, then the three-branch groups. */
export function chartRelations(chart: Chart, p: PolicySet): Relation[] {
  const pos = presentPositions(chart)
  const out: Relation[] = []
  for (let i = 0; i < pos.length; i++) {
    for (let j = i + 1; j < pos.length; j++) {
      const [x, y] = [chart.pillars[pos[i]]!, chart.pillars[pos[j]]!]
      for (const r of pairRelations(x.stem, y.stem, 'stem', p))
        out.push({ ...r, members: [x.stem, y.stem], positions: [charAt(pos[i], 'stem'), charAt(pos[j], 'stem')] })
      for (const r of pairRelations(x.branch, y.branch, 'branch', p))
        out.push({ ...r, members: [x.branch, y.branch], positions: [charAt(pos[i], 'branch'), charAt(pos[j], 'branch')] })
    }
  }
  const branches = pos.map((q) => chart.pillars[q]!.branch)
  const groupHit = (group: string[]) => group.every((g) => branches.includes(g))
  // one position per branch of the group (the first in chart order), so a repeated branch does not
  // make a four-member 삼합
  const where = (group: string[]) =>
    pos.filter((q, i) => group.includes(chart.pillars[q]!.branch) && pos.findIndex((x) => chart.pillars[x]!.branch === chart.pillars[q]!.branch) === i)
  const group = (g: string[], rel: PairRelation) => {
    const at = where(g)
    out.push({ ...rel, members: at.map((q) => chart.pillars[q]!.branch), positions: at.map((q) => charAt(q, 'branch')) })
  }
  for (const t of p.relation.branch_three_combinations)
    if (groupHit(t.branches)) group(t.branches, { type: 'combination', subtype: 'three_harmony', element: t.element })
  for (const t of p.relation.branch_directional_combinations)
    if (groupHit(t.branches)) group(t.branches, { type: 'combination', subtype: 'directional_combination', element: t.element })
  for (const t of p.relation.branch_punishments) if (t.branches.length === 3 && groupHit(t.branches)) group(t.branches, { type: 'punishment', subtype: t.id })
  return out
}
