// CombinationElementTransformer (합화): decides which combinations actually transform into their
// element, under relation_policy.json's `transformation` conditions (adjacency, month support,
// no clash on a combined stem, full 삼합).
import type { Element, PolicySet, Position } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { Chart } from './chart.js'
import type { Relation } from './relations.js'

export interface Transform {
  type: string
  positions: Position[]
  chars: string[]
  element: Element
  transformed: boolean
  reasons: string[]
}

const ORDER: Position[] = ['year', 'month', 'day', 'hour']
const adjacent = (a: Position, b: Position) => Math.abs(ORDER.indexOf(a) - ORDER.indexOf(b)) === 1

export class CombinationElementTransformer {
  constructor(private readonly p: PolicySet) {}

  evaluate(chart: Chart, relations: Relation[]): Transform[] {
    const t = this.p.relation.transformation
    const c = cycleOf(this.p.sixtyJiazi)
    const order = this.p.branchTenGods.element_generating_order
    const monthEl = c.branchElement(chart.pillars.month.branch)
    const supports = (el: Element) => monthEl === el || order[(order.indexOf(monthEl) + 1) % 5] === el
    const out: Transform[] = []
    for (const r of relations) {
      if (!r.element || !['stem_combination', 'six_combination', 'three_combination'].includes(r.type)) continue
      const reasons: string[] = []
      const [a, b] = r.positions
      if (r.type === 'stem_combination') {
        if (t.stems_adjacent_only && !adjacent(a, b)) reasons.push('not_adjacent')
        if (t.blocked_by_clash_on_either_stem && relations.some((x) => x.type === 'stem_clash' && x.positions.some((q) => r.positions.includes(q)))) reasons.push('clashed')
      }
      if (r.type === 'six_combination' && t.six_combination_adjacent_only && !adjacent(a, b)) reasons.push('not_adjacent')
      if (r.type === 'three_combination' && !t.three_combination_full_transforms) reasons.push('policy_disabled')
      if (t.month_branch_must_support && !supports(r.element)) reasons.push('month_does_not_support')
      out.push({ type: r.type, positions: r.positions, chars: r.chars, element: r.element, transformed: reasons.length === 0, reasons })
    }
    return out
  }
}
