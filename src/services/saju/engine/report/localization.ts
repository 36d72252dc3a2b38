// The report's `localization` section: locale, the localization policy's version, a one-line
// headline from its template, and the Korean labels of the codes the report shows.
import type { PolicySet } from '../policy/types.js'
import type { Analysis, SajuReport } from '../spec-types.js'
import { cycleOf } from '../pillars/cycle.js'

/** Fills `{name}` placeholders; unknown names stay visible rather than vanish. */
export const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m)

export function localizationSection(dayStem: string, monthBranch: string, a: Analysis, p: PolicySet): SajuReport['localization'] {
  const l = p.localization
  const el = cycleOf(p.sixtyJiazi).stemElement(dayStem)
  const headline_ko = fill(l.templates.headline, {
    season: l.seasons[monthBranch].ko,
    stem_ko: l.stems[dayStem].ko,
    element_ko: l.elements[el].ko,
    stem: dayStem,
    element_hanja: l.elements[el].hanja ?? '',
    strength: a.strength.label_ko,
    gyeokguk: a.gyeokguk.name_ko,
    yong_ko: l.elements[a.yongshin.primary].ko,
    yong_hanja: l.elements[a.yongshin.primary].hanja ?? '',
  })
  const labels: Record<string, string> = {}
  for (const g of Object.values(a.ten_gods)) if (g) labels[g] = l.ten_gods[g].ko
  for (const s of Object.values(a.twelve_stages)) if (s) labels[s] = l.twelve_stages[s].ko
  labels[a.gyeokguk.code] = a.gyeokguk.name_ko
  for (const r of a.relations) labels[r.subtype] = l.relations[r.subtype]?.ko ?? l.punishments[r.subtype]?.ko ?? r.subtype
  for (const s of a.shensha) labels[s.code] = s.name_ko
  return { locale: 'ko-KR', policy_version: l.version, headline_ko, labels }
}
