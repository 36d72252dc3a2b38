// Strength (신강/신약): weighted share of characters that support the day master (same element
// or generating it), per strength_policy_v2.json; 득령/득지/득세 are reported alongside.
import type { Element, PolicySet, Position } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { Chart } from './chart.js'
import { elementRelation, mainHiddenStem } from './ten-gods.js'

export interface Strength {
  level: 'very_weak' | 'weak' | 'balanced' | 'strong' | 'very_strong'
  /** The spec's 0-100 scale: the supporting share in percent, so 50 is the middle of 중화. */
  score: number
  support_share: number
  support: number
  total: number
  deukryeong: boolean
  deukji: boolean
  deukse: boolean
  /** Weighted amount per ten-god group, used by 용신. */
  by_group: Record<string, number>
}

const GROUP_OF_RELATION: Record<string, string> = {
  same: 'bigyeop',
  generates_day_master: 'inseong',
  day_master_generates: 'siksang',
  day_master_controls: 'jaeseong',
  controls_day_master: 'gwanseong',
}

export function strengthOf(chart: Chart, p: PolicySet): Strength {
  const c = cycleOf(p.sixtyJiazi)
  const pol = p.strength
  const dm = chart.pillars.day.stem
  const dmEl = c.stemElement(dm)
  const order = p.branchTenGods.element_generating_order
  const by_group: Record<string, number> = { bigyeop: 0, inseong: 0, siksang: 0, jaeseong: 0, gwanseong: 0 }
  let support = 0
  let total = 0
  let stemsSupport = 0
  const add = (el: Element, w: number, isStem: boolean) => {
    const rel = elementRelation(dmEl, el, order)
    by_group[GROUP_OF_RELATION[rel]] += w
    total += w
    if (pol.supporting_relations.includes(rel)) {
      support += w
      if (isStem) stemsSupport++
    }
  }
  for (const q of ['year', 'month', 'day', 'hour'] as Position[]) {
    const pl = chart.pillars[q]
    if (!pl) continue
    if (q !== 'day') add(c.stemElement(pl.stem), pol.position_weights[`${q}_stem`], true)
    const w = pol.position_weights[`${q}_branch`]
    const hidden = p.sixtyJiazi.branches[c.branchIndex(pl.branch)].hidden_stems
    if (pol.hidden_stem_weighting === 'main_only') add(c.stemElement(mainHiddenStem(pl.branch, p)), w, false)
    else {
      const days = hidden.reduce((s, h) => s + h.days, 0)
      for (const h of hidden) add(c.stemElement(h.stem), (w * h.days) / days, false)
    }
  }
  const supports = (branch: string) => pol.supporting_relations.includes(elementRelation(dmEl, c.stemElement(mainHiddenStem(branch, p)), order))
  const share = total ? support / total : 0
  const level = [...pol.levels].sort((a, b) => b.min_share - a.min_share).find((l) => share >= l.min_share)!.id as Strength['level']
  const stemCount = chart.pillars.hour ? 3 : 2
  return {
    level,
    score: Math.round(share * 1000) / 10,
    support_share: Math.round(share * 1000) / 1000,
    support: Math.round(support * 1000) / 1000,
    total: Math.round(total * 1000) / 1000,
    deukryeong: supports(chart.pillars.month.branch),
    deukji: supports(chart.pillars.day.branch),
    deukse: stemsSupport * 2 >= stemCount,
    by_group: Object.fromEntries(Object.entries(by_group).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
  }
}
