// CombinationElementTransformer (합화): decides which combinations actually transform into their
// element, under relation_policy.json's `transformation` conditions (adjacency, month support,
// no clash on a combined stem, full 삼합; half combinations do not transform).
import type { Element, PolicySet } from '../policy/types.js'
import type { SpecCombinationTransform } from '../spec-types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { Chart } from './chart.js'
import { POSITIONS, pillarOf } from './chart.js'
import type { Relation } from './relations.js'

export interface Transform extends SpecCombinationTransform {
  reasons: string[]
}

const adjacent = (r: Relation) => {
  const [a, b] = r.positions.map((pp) => POSITIONS.indexOf(pillarOf(pp)))
  return Math.abs(a - b) === 1
}

export class CombinationElementTransformer {
  constructor(private readonly p: PolicySet) {}

  evaluate(chart: Chart, relations: Relation[]): Transform[] {
    const t = this.p.relation.transformation
    const c = cycleOf(this.p.sixtyJiazi)
    const order = this.p.branchTenGods.element_generating_order
    const monthEl = c.branchElement(chart.pillars.month.branch)
    const supports = (el: Element) => monthEl === el || order[(order.indexOf(monthEl) + 1) % 5] === el
    const labels = this.p.localization.transform_reasons
    const out: Transform[] = []
    for (const r of relations) {
      if (r.type !== 'combination' || !r.element) continue
      const reasons: string[] = []
      if (r.subtype === 'stem_five_combination') {
        if (t.stems_adjacent_only && !adjacent(r)) reasons.push('not_adjacent')
        if (t.blocked_by_clash_on_either_stem && relations.some((x) => x.subtype === 'stem_clash' && x.positions.some((q) => r.positions.includes(q))))
          reasons.push('clashed')
      }
      if (r.subtype === 'six_combination' && t.six_combination_adjacent_only && !adjacent(r)) reasons.push('not_adjacent')
      if (r.subtype === 'three_harmony' && !t.three_combination_full_transforms) reasons.push('policy_disabled')
      if (r.subtype.startsWith('half_') && !t.half_combinations_transform) reasons.push('half_combination')
      if (t.month_branch_must_support && !supports(r.element)) reasons.push('month_does_not_support')
      out.push({
        kind: r.subtype as SpecCombinationTransform['kind'],
        members: r.members as SpecCombinationTransform['members'],
        positions: r.positions,
        element: r.element,
        transformed: reasons.length === 0,
        reason_ko: (reasons.length ? reasons : ['transformed']).map((k) => labels[k].ko).join('; '),
        reasons,
      })
    }
    return out
  }
}
