// 용신 by 억부 with a 조후 note, per yongshin_policy.json. The 용신 group is turned into an
// element through the day master; 희신 generates it, 기신 controls it, 구신 generates 기신.
import type { Element, PolicySet } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { Chart } from './chart.js'
import type { Strength } from './strength.js'
import type { ElementBalance } from './element-balance.js'

export interface Yongshin { method: string; yongshin: Element; heesin: Element; gisin: Element; gusin: Element; johu: Element | null; rule: string }

const GROUP_OFFSET: Record<string, number> = { bigyeop: 0, siksang: 1, jaeseong: 2, gwanseong: 3, inseong: 4 }

export function yongshinOf(chart: Chart, strength: Strength, balance: ElementBalance, p: PolicySet): Yongshin {
  const c = cycleOf(p.sixtyJiazi)
  const order = p.branchTenGods.element_generating_order
  const at = (el: Element, k: number) => order[(order.indexOf(el) + k + 5) % 5]
  const dmEl = c.stemElement(chart.pillars.day.stem)
  const candidates = p.yongshin.eokbu.filter((r) => r.when_level.includes(strength.level))
  let yong: Element
  let rule: string
  if (candidates.length) {
    // the opposing group that weighs most decides which rule applies
    const dominant = [...candidates].sort((a, b) => strength.by_group[b.if_dominant] - strength.by_group[a.if_dominant])[0]
    yong = at(dmEl, GROUP_OFFSET[dominant.yongshin_group])
    rule = `eokbu:${strength.level}:${dominant.if_dominant}->${dominant.yongshin_group}`
  } else {
    yong = balance.weakest
    rule = 'balanced:weakest_element'
  }
  const johu = p.yongshin.johu.find((j) => j.month_branches.includes(chart.pillars.month.branch))?.element ?? null
  return { method: 'eokbu', yongshin: yong, heesin: at(yong, -1), gisin: at(yong, -2), gusin: at(yong, -3), johu, rule }
}
