// 격국 from the month branch, per gyeokguk_policy.json: a revealed hidden stem decides, in
// role order; otherwise the main hidden stem. Companion gods map to 건록/양인/월겁격. Codes are the spec's (偏官格 …).
import type { PolicySet, Position } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'
import type { Chart } from './chart.js'
import { tenGodOfStem } from './ten-gods.js'

export interface Gyeokguk {
  id: string
  basis_stem: string
  ten_god: string
  revealed: boolean
  revealed_at: Position | null
}

export function gyeokgukOf(chart: Chart, p: PolicySet): Gyeokguk {
  const c = cycleOf(p.sixtyJiazi)
  const pol = p.gyeokguk
  const dm = chart.pillars.day.stem
  const hidden = p.sixtyJiazi.branches[c.branchIndex(chart.pillars.month.branch)].hidden_stems
  let chosen: { stem: string; at: Position | null } | undefined
  for (const role of pol.role_order) {
    const h = hidden.find((x) => x.role === role)
    if (!h || pol.skip_revealed_ten_gods.includes(tenGodOfStem(dm, h.stem, p))) continue
    const at = pol.revealed_positions.map((rp) => rp.replace('_stem', '') as Position).find((q) => chart.pillars[q]?.stem === h.stem)
    if (at) {
      chosen = { stem: h.stem, at }
      break
    }
  }
  const stem = chosen?.stem ?? hidden.find((x) => x.role === 'main')!.stem
  const god = tenGodOfStem(dm, stem, p)
  // 겁재 of the month has no entry of its own: it is 양인격 for a yang day master, 월겁격 for a yin one
  const id = pol.by_ten_god[god] ?? pol.geopjae_by_day_master_yin_yang[c.stemYinYang(dm)]
  return { id, basis_stem: stem, ten_god: god, revealed: Boolean(chosen), revealed_at: chosen?.at ?? null }
}
