// The spec's Pillar: hanja stem and branch, their hangul, elements, polarity, and the hidden stems
// (지장간) in the spec's order 여기 -> 중기 -> 정기, as sixty_jiazi.json lists them.
import type { PolicySet } from '../policy/types.js'
import type { Pillar } from '../spec-types.js'
import { cycleOf } from './cycle.js'

export function pillarView(stem: string, branch: string, p: PolicySet): Pillar {
  const c = cycleOf(p.sixtyJiazi)
  const l = p.localization
  const b = p.sixtyJiazi.branches[c.branchIndex(branch)]
  return {
    stem,
    branch,
    stem_ko: l.stems[stem].ko,
    branch_ko: l.branches[branch].ko,
    stem_element: c.stemElement(stem),
    branch_element: b.element,
    yin_yang: c.stemYinYang(stem),
    hidden_stems: b.hidden_stems.map((h) => h.stem),
  } as Pillar
}
