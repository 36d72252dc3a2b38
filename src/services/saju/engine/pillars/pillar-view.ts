// The report shape of one pillar: hanja, hangul, elements, polarity and hidden stems.
import type { PolicySet } from '../policy/types.js'
import { cycleOf } from './cycle.js'

export interface HiddenStemView {
  stem: string; stem_ko: string; element: string; role: string; role_ko: string; days: number
}

export interface PillarView {
  stem: string; branch: string; stem_ko: string; branch_ko: string
  stem_element: string; branch_element: string; yin_yang: string
  hidden_stems: HiddenStemView[]
  ganji: string; ganji_ko: string; cycle_index: number
}

export function pillarView(stem: string, branch: string, p: PolicySet): PillarView {
  const c = cycleOf(p.sixtyJiazi)
  const l = p.localization
  const b = p.sixtyJiazi.branches[c.branchIndex(branch)]
  return {
    stem, branch,
    stem_ko: l.stems[stem].ko, branch_ko: l.branches[branch].ko,
    stem_element: c.stemElement(stem), branch_element: b.element,
    yin_yang: c.stemYinYang(stem),
    hidden_stems: b.hidden_stems.map((h) => ({
      stem: h.stem, stem_ko: l.stems[h.stem].ko, element: c.stemElement(h.stem),
      role: h.role, role_ko: l.hidden_stem_roles[h.role].ko, days: h.days,
    })),
    ganji: stem + branch, ganji_ko: l.stems[stem].ko + l.branches[branch].ko,
    cycle_index: c.indexOf(stem, branch),
  }
}
