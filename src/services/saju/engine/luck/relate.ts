// Relates a period pillar (세운, 월운) to the natal chart: its ten gods and stage against the day
// master, and its interactions (spec LuckInteraction) with every natal stem and branch; the same
// relation with the same characters at several natal positions is one interaction.
import type { PolicySet } from '../policy/types.js'
import type { LuckInteraction, TenGod, TwelveStage } from '../spec-types.js'
import type { Chart } from '../analysis/chart.js'
import { charAt, presentPositions } from '../analysis/chart.js'
import { pairRelations } from '../analysis/relations.js'
import { tenGodOfStem, tenGodOfBranch } from '../analysis/ten-gods.js'
import { TwelveStageCalculator } from '../analysis/twelve-stages.js'
import type { RawPillar } from '../pillars/four-pillars.js'
import type { EvidenceLog } from '../analysis/evidence.js'

export function relateToNatal(period: RawPillar, chart: Chart, p: PolicySet, ev: EvidenceLog) {
  const dm = chart.pillars.day.stem
  const byKey = new Map<string, LuckInteraction>()
  for (const q of presentPositions(chart)) {
    const n = chart.pillars[q]!
    for (const part of ['stem', 'branch'] as const) {
      for (const r of pairRelations(period[part], n[part], part, p)) {
        const key = `${r.subtype}:${period[part]}${n[part]}`
        const hit = byKey.get(key)
        if (hit) {
          hit.natal_positions.push(charAt(q, part))
          continue
        }
        byKey.set(key, { type: r.type, subtype: r.subtype, members: [period[part], n[part]] as LuckInteraction['members'], natal_positions: [charAt(q, part)] })
        ev.add('relation', `relation.${r.subtype}`, { [`period_${part}`]: period[part], [`natal_${part}`]: n[part] }, r.type)
      }
    }
  }
  return {
    ten_gods: { stem: tenGodOfStem(dm, period.stem, p) as TenGod, branch: tenGodOfBranch(dm, period.branch, p) as TenGod },
    twelve_stage: new TwelveStageCalculator(p).stage(dm, period.branch) as TwelveStage,
    interactions: [...byKey.values()],
  }
}

/** Up to five short Korean lines: the period's ten gods, its interactions, the running 대운. */
export function highlights(rel: ReturnType<typeof relateToNatal>, p: PolicySet, daewoon?: string | null): string[] {
  const l = p.localization
  const fill = (t: string, v: Record<string, string>) => t.replace(/\{(\w+)\}/g, (m, k: string) => v[k] ?? m)
  const out = [
    fill(l.templates.highlight_ten_gods, {
      stem_god: rel.ten_gods.stem,
      stem_god_ko: l.ten_gods[rel.ten_gods.stem].ko,
      branch_god: rel.ten_gods.branch,
      branch_god_ko: l.ten_gods[rel.ten_gods.branch].ko,
    }),
  ]
  for (const i of rel.interactions) {
    const label = l.relations[i.subtype ?? i.type]?.ko ?? l.punishments[i.subtype ?? '']?.ko ?? l.relations[i.type].ko
    out.push(
      fill(l.templates.highlight_interaction, {
        members: i.members.join(''),
        label,
        positions: i.natal_positions.map((q) => l.positions[q.split('_')[0]].ko).join('·'),
      }),
    )
  }
  if (daewoon) out.push(fill(l.templates.highlight_daewoon, { daewoon }))
  return out.slice(0, 5)
}
