// Element balance: each visible stem counts 1, each branch 1 split over its hidden stems by their
// 월률분야 days (지장간 가중), rounded to two decimals; the weakest element feeds a balanced 용신.
import type { Element, PolicySet } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { Chart } from './chart.js'
import { presentPositions } from './chart.js'

export interface ElementBalance {
  weighted: Record<Element, number>
  weakest: Element
}

export function elementBalance(chart: Chart, p: PolicySet): ElementBalance {
  const c = cycleOf(p.sixtyJiazi)
  const els = p.branchTenGods.element_generating_order
  const weighted = Object.fromEntries(els.map((e) => [e, 0])) as Record<Element, number>
  for (const q of presentPositions(chart)) {
    const { stem, branch } = chart.pillars[q]!
    weighted[c.stemElement(stem)] += 1
    const hidden = p.sixtyJiazi.branches[c.branchIndex(branch)].hidden_stems
    const days = hidden.reduce((s, h) => s + h.days, 0)
    for (const h of hidden) weighted[c.stemElement(h.stem)] += h.days / days
  }
  for (const e of els) weighted[e] = Math.round(weighted[e] * 100) / 100
  // ties go to the earlier element in generating order, so the result is deterministic
  const weakest = els.reduce((w, e) => (weighted[e] < weighted[w] ? e : w), els[0])
  return { weighted, weakest }
}
