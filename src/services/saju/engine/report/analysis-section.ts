// The report's `analysis` section: every module run on the chart, each conclusion logged as evidence.
// Hour-dependent values are null (or absent from lists) when the hour is unknown.
import type { PolicySet } from '../policy/types.js'
import type { Analysis, TenGod, TwelveStage } from '../spec-types.js'
import type { FourPillars } from '../pillars/four-pillars.js'
import type { EvidenceLog } from '../analysis/evidence.js'
import { type Chart, charAt, presentPositions } from '../analysis/chart.js'
import { tenGodOfStem, tenGodOfBranch } from '../analysis/ten-gods.js'
import { TwelveStageCalculator } from '../analysis/twelve-stages.js'
import { VoidCalculator } from '../analysis/void.js'
import { chartRelations } from '../analysis/relations.js'
import { CombinationElementTransformer } from '../analysis/combination-transform.js'
import { findShensha } from '../analysis/shensha.js'
import { strengthOf, type Strength } from '../analysis/strength.js'
import { gyeokgukOf } from '../analysis/gyeokguk.js'
import { yongshinOf } from '../analysis/yongshin.js'
import { elementBalance } from '../analysis/element-balance.js'
import { computeDaewoon } from '../luck/daewoon.js'

export interface AnalysisResult {
  analysis: Analysis
  strength: Strength
}

export function analysisSection(
  chart: Chart,
  fp: FourPillars,
  utcMs: number,
  birthYear: number,
  gender: 'male' | 'female',
  p: PolicySet,
  ev: EvidenceLog,
): AnalysisResult {
  const l = p.localization
  const dm = chart.pillars.day.stem
  const hour = chart.pillars.hour
  const pos = presentPositions(chart)

  const stemGod = (s: string) => tenGodOfStem(dm, s, p) as TenGod
  const branchGod = (b: string) => tenGodOfBranch(dm, b, p) as TenGod
  const ten_gods: Analysis['ten_gods'] = {
    year_stem: stemGod(chart.pillars.year.stem),
    month_stem: stemGod(chart.pillars.month.stem),
    hour_stem: hour ? stemGod(hour.stem) : null,
    year_branch: branchGod(chart.pillars.year.branch),
    month_branch: branchGod(chart.pillars.month.branch),
    day_branch: branchGod(chart.pillars.day.branch),
    hour_branch: hour ? branchGod(hour.branch) : null,
  }
  ev.add(
    'branchTenGods',
    'ten_gods.branch_main_qi',
    { day_stem: dm, branch_basis: p.branchTenGods.branch_basis },
    Object.values(ten_gods).filter(Boolean).join(' '),
  )

  const stages = new TwelveStageCalculator(p)
  const stageAt = (b: string) => stages.stage(dm, b) as TwelveStage
  const twelve_stages: Analysis['twelve_stages'] = {
    year: stageAt(chart.pillars.year.branch),
    month: stageAt(chart.pillars.month.branch),
    day: stageAt(chart.pillars.day.branch),
    hour: hour ? stageAt(hour.branch) : null,
  }
  ev.add('branchTenGods', 'twelve_stages.start_and_direction', { day_stem: dm }, Object.values(twelve_stages).filter(Boolean).join(' '))

  const v = new VoidCalculator(p).voidOf(dm, chart.pillars.day.branch)
  const voidResult: Analysis['void'] = {
    branches: v.void as Analysis['void']['branches'],
    hit_positions: pos.filter((q) => q !== 'day' && v.void.includes(chart.pillars[q]!.branch)).map((q) => charAt(q, 'branch')),
  }
  ev.add('sixtyJiazi', 'void.day_xun', { day_pillar: dm + chart.pillars.day.branch, xun: v.xun }, voidResult.branches.join(''))

  const all = chartRelations(chart, p)
  for (const r of all)
    ev.add('relation', `relation.${r.subtype}`, { members: r.members, positions: r.positions }, r.element ? `${r.type}:${r.element}` : r.type)
  const relations: Analysis['relations'] = all
    .filter((r) => r.type !== 'yuanjin')
    .map((r) => ({
      type: r.type as Analysis['relations'][number]['type'],
      subtype: r.subtype,
      members: r.members as Analysis['relations'][number]['members'],
      positions: r.positions,
      rule_id: `relation.${r.subtype}`,
    }))
  const yuanjin: Analysis['yuanjin'] = all
    .filter((r) => r.type === 'yuanjin')
    .map((r) => ({ branches: r.members as Analysis['yuanjin'][number]['branches'], positions: r.positions as Analysis['yuanjin'][number]['positions'] }))
  const transforms = new CombinationElementTransformer(p).evaluate(chart, all)
  for (const t of transforms)
    ev.add(
      'relation',
      `transformation.${t.kind}`,
      { members: t.members, positions: t.positions, month_branch: chart.pillars.month.branch, reasons: t.reasons },
      t.transformed ? `transformed:${t.element}` : 'not_transformed',
    )
  const combination_transforms = transforms.map(({ reasons: _r, ...t }) => t)

  const hits = findShensha(chart, p)
  for (const h of hits) {
    const basis = h.bases[0] === 'pillar' ? `${h.positions[0].split('_')[0]}_pillar` : h.bases[0].split(':')[0]
    ev.add('shensha', `shensha.${h.code}.${basis}`, { bases: h.bases, found: h.found }, h.positions.join(' '))
  }
  const shensha: Analysis['shensha'] = hits.map((h) => ({
    code: h.code,
    name_ko: l.shensha[h.code].ko,
    ...(l.shensha[h.code].hanja ? { hanja: l.shensha[h.code].hanja } : {}),
    positions: h.positions,
  }))

  const strength = strengthOf(chart, p)
  const strengthLabel = l.strength_levels[strength.level].ko
  ev.add(
    'strength',
    'strength.support_share',
    {
      day_stem: dm,
      month_branch: chart.pillars.month.branch,
      support: strength.support,
      total: strength.total,
      deukryeong: strength.deukryeong,
      deukji: strength.deukji,
      deukse: strength.deukse,
    },
    `${strengthLabel}(score ${strength.score})`,
  )

  const g = gyeokgukOf(chart, p)
  const mainQi = p.sixtyJiazi.branches.find((b) => b.hanja === chart.pillars.month.branch)!.hidden_stems.find((h) => h.role === 'main')!.stem
  ev.add(
    'gyeokguk',
    g.revealed ? 'gyeokguk.month_revealed' : 'gyeokguk.month_main_qi',
    { month_branch: chart.pillars.month.branch, main_qi: mainQi, basis_stem: g.basis_stem, revealed_at: g.revealed_at },
    g.id,
  )

  const balance = elementBalance(chart, p)
  ev.add(
    'sixtyJiazi',
    'element_balance.hidden_stem_days',
    { positions: pos },
    Object.entries(balance.weighted)
      .map(([k, x]) => `${k}:${x}`)
      .join(' '),
  )
  const y = yongshinOf(chart, strength, balance, p)
  ev.add(
    'yongshin',
    y.rule,
    { strength: strength.level, by_group: strength.by_group, month_branch: chart.pillars.month.branch },
    `${y.primary}/${y.secondary ?? '-'}`,
  )

  const d = computeDaewoon(utcMs, birthYear, fp, gender, p)
  ev.add(
    'sixtyJiazi',
    'daewoon.start_age',
    { direction: d.direction, days_to_jie: d.days_to_jie, jie_utc: d.jie_utc, days_per_year: p.sixtyJiazi.daewoon.days_per_year },
    String(d.start_age),
  )

  return {
    strength,
    analysis: {
      ten_gods,
      twelve_stages,
      void: voidResult,
      yuanjin,
      combination_transforms,
      relations,
      shensha,
      strength: { level: strength.level, label_ko: strengthLabel, score: strength.score },
      gyeokguk: { code: g.id, name_ko: l.gyeokguk[g.id].ko },
      yongshin: { primary: y.primary, secondary: y.secondary, unfavorable: y.unfavorable, method: y.method },
      element_balance: balance.weighted,
      luck_cycles: { direction: d.direction, start_age: d.start_age, start_year: d.start_year, cycles: d.cycles },
    },
  }
}
