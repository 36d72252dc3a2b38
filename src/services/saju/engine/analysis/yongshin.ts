// 용신 per yongshin_policy.json. A strong or weak chart takes 억부: the rule whose `if_dominant`
// group weighs most names the 용신 group, the 희신 group and the unfavorable groups, turned into
// elements through the day master. A balanced chart born in a summer or winter month takes the
// 조후 element (궁통보감's climate rule); otherwise the weakest element.
import type { Element, PolicySet, TenGodGroup } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { Chart } from './chart.js'
import type { Strength } from './strength.js'
import type { ElementBalance } from './element-balance.js'

export interface Yongshin {
  primary: Element
  secondary: Element | null
  unfavorable: Element[]
  method: 'eokbu' | 'johu'
  /** Evidence rule id, e.g. `yongshin.eokbu.weak.gwanseong`. */
  rule: string
}

// steps along the generating cycle from the day master's element to each ten-god group's element
const GROUP_OFFSET: Record<TenGodGroup, number> = { bigyeop: 0, siksang: 1, jaeseong: 2, gwanseong: 3, inseong: 4 }

export function yongshinOf(chart: Chart, strength: Strength, balance: ElementBalance, p: PolicySet): Yongshin {
  const c = cycleOf(p.sixtyJiazi)
  const order = p.branchTenGods.element_generating_order
  const at = (el: Element, k: number) => order[(order.indexOf(el) + k + 5) % 5]
  const dmEl = c.stemElement(chart.pillars.day.stem)
  const ofGroup = (g: TenGodGroup) => at(dmEl, GROUP_OFFSET[g])
  const candidates = p.yongshin.eokbu.filter((r) => r.when_level.includes(strength.level))
  if (candidates.length) {
    // the group that weighs most among the rules' triggers decides which rule applies
    const rule = [...candidates].sort((a, b) => strength.by_group[b.if_dominant] - strength.by_group[a.if_dominant])[0]
    return {
      primary: ofGroup(rule.yongshin_group),
      secondary: ofGroup(rule.heesin_group),
      unfavorable: rule.unfavorable_groups.map(ofGroup),
      method: 'eokbu',
      rule: `yongshin.eokbu.${strength.level}.${rule.if_dominant}`,
    }
  }
  const johu = p.yongshin.johu.find((j) => j.month_branches.includes(chart.pillars.month.branch))
  if (johu) return { primary: johu.element, secondary: johu.secondary, unfavorable: johu.unfavorable, method: 'johu', rule: 'yongshin.balanced.johu' }
  const weakest = balance.weakest
  return { primary: weakest, secondary: at(weakest, -1), unfavorable: [at(weakest, -2)], method: 'eokbu', rule: 'yongshin.balanced.weakest_element' }
}
