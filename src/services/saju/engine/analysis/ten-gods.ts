// Ten gods (십신): the relation of a stem (or a branch, through its main hidden stem) to the day master.
import type { Element, PolicySet, TenGodRelation } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'

export function elementRelation(dayElement: Element, other: Element, order: Element[]): TenGodRelation {
  const d = order.indexOf(dayElement)
  const o = order.indexOf(other)
  switch ((o - d + 5) % 5) {
    case 0:
      return 'same'
    case 1:
      return 'day_master_generates'
    case 2:
      return 'day_master_controls'
    case 3:
      return 'controls_day_master'
    default:
      return 'generates_day_master'
  }
}

export function tenGodOfStem(dayStem: string, stem: string, p: PolicySet): string {
  const c = cycleOf(p.sixtyJiazi)
  const rel = elementRelation(c.stemElement(dayStem), c.stemElement(stem), p.branchTenGods.element_generating_order)
  const same = c.stemYinYang(dayStem) === c.stemYinYang(stem)
  return p.branchTenGods.ten_gods.find((t) => t.relation === rel && t.same_polarity === same)!.id
}

export function mainHiddenStem(branch: string, p: PolicySet): string {
  const c = cycleOf(p.sixtyJiazi)
  return p.sixtyJiazi.branches[c.branchIndex(branch)].hidden_stems.find((h) => h.role === 'main')!.stem
}

export function tenGodOfBranch(dayStem: string, branch: string, p: PolicySet): string {
  return tenGodOfStem(dayStem, mainHiddenStem(branch, p), p)
}
