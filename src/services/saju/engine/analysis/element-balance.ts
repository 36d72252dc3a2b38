// Element balance: the five elements over the visible characters, and weighted with hidden stems.
import type { Element, PolicySet } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { Chart } from './chart.js'
import { presentPositions } from './chart.js'

export interface ElementBalance {
  visible_counts: Record<Element, number>
  weighted: Record<Element, number>
  weighted_percent: Record<Element, number>
  missing: Element[]
  dominant: Element
  weakest: Element
}

export function elementBalance(chart: Chart, p: PolicySet): ElementBalance {
  const c = cycleOf(p.sixtyJiazi)
  const els = p.branchTenGods.element_generating_order
  const zero = () => Object.fromEntries(els.map((e) => [e, 0])) as Record<Element, number>
  const visible = zero()
  const weighted = zero()
  for (const q of presentPositions(chart)) {
    const { stem, branch } = chart.pillars[q]!
    visible[c.stemElement(stem)]++
    visible[c.branchElement(branch)]++
    weighted[c.stemElement(stem)] += 1
    for (const h of p.sixtyJiazi.branches[c.branchIndex(branch)].hidden_stems) weighted[c.stemElement(h.stem)] += h.days / 30
  }
  const total = els.reduce((s, e) => s + weighted[e], 0)
  const pct = zero()
  for (const e of els) {
    weighted[e] = Math.round(weighted[e] * 1000) / 1000
    pct[e] = Math.round((weighted[e] / total) * 1000) / 10
  }
  const sorted = [...els].sort((a, b) => weighted[b] - weighted[a])
  return { visible_counts: visible, weighted, weighted_percent: pct, missing: els.filter((e) => visible[e] === 0), dominant: sorted[0], weakest: sorted[4] }
}
