// computeReport: the whole chain tz-time -> astro -> pillars -> analysis -> luck, with evidence.
import type { PolicySet, Position } from './policy/types.js'
import { POLICY_FILES } from './policy/types.js'
import { defaultPolicies } from './policy/load.js'
import type { SajuRequest } from './types.js'
import { SajuInputError } from './errors.js'
import { resolveBirth } from './time/resolve-birth.js'
import { computeFourPillars, type ZiHourMode } from './pillars/four-pillars.js'
import { pillarView } from './pillars/pillar-view.js'
import { EvidenceLog } from './analysis/evidence.js'
import { type Chart, presentPositions } from './analysis/chart.js'
import { tenGodOfStem, tenGodOfBranch } from './analysis/ten-gods.js'
import { TwelveStageCalculator } from './analysis/twelve-stages.js'
import { VoidCalculator } from './analysis/void.js'
import { YuanjinDetector } from './analysis/yuanjin.js'
import { chartRelations } from './analysis/relations.js'
import { CombinationElementTransformer } from './analysis/combination-transform.js'
import { findShensha } from './analysis/shensha.js'
import { strengthOf } from './analysis/strength.js'
import { gyeokgukOf } from './analysis/gyeokguk.js'
import { yongshinOf } from './analysis/yongshin.js'
import { elementBalance } from './analysis/element-balance.js'
import { computeDaewoon } from './luck/daewoon.js'

export const ENGINE_VERSION = '1.0.0'

export interface ReportOptions { policies?: PolicySet }

const ref = (p: PolicySet, key: keyof PolicySet) => ({ file: POLICY_FILES[key], version: p[key].version })

function validateRequest(req: SajuRequest): { zi: ZiHourMode; gender: 'male' | 'female' } {
  if (req === null || typeof req !== 'object') throw new SajuInputError('E_BAD_REQUEST', 'request must be a JSON object')
  const zi = req.zi_hour_mode ?? 'default'
  if (zi !== 'default' && zi !== 'split_23') throw new SajuInputError('E_BAD_REQUEST', 'zi_hour_mode must be "split_23" or "default"', 'zi_hour_mode')
  if (req.gender !== 'male' && req.gender !== 'female') throw new SajuInputError('E_BAD_REQUEST', 'gender must be "male" or "female"', 'gender')
  if (req.calendar_type !== undefined && req.calendar_type !== 'solar' && req.calendar_type !== 'lunar') {
    throw new SajuInputError('E_BAD_REQUEST', 'calendar_type must be "solar" or "lunar"', 'calendar_type')
  }
  return { zi, gender: req.gender }
}

/** The full natal report for one request. Throws SajuInputError for inputs it refuses. */
export function computeReport(req: SajuRequest, options: ReportOptions = {}) {
  const p = options.policies ?? defaultPolicies()
  const { zi, gender } = validateRequest(req)
  const ev = new EvidenceLog()
  const birth = resolveBirth(req)
  const fp = computeFourPillars(birth.utcMs, birth.lmt, zi, birth.unknownHour, p)
  const chart: Chart = { pillars: { year: fp.year, month: fp.month, day: fp.day, ...(fp.hour ? { hour: fp.hour } : {}) } }
  const positions = presentPositions(chart)
  const sj = ref(p, 'sixtyJiazi')
  ev.add(sj, 'year_pillar.lichun', { utc: birth.section.utc, lichun_utc: new Date(fp.basis.lichun_utc_ms).toISOString() }, fp.year.stem + fp.year.branch)
  ev.add(sj, 'month_pillar.jie', { utc: birth.section.utc, jie_longitude: fp.basis.month_jie.longitude, jie_utc: new Date(fp.basis.month_jie.utcMs).toISOString() }, fp.month.stem + fp.month.branch)
  ev.add(sj, 'day_pillar.jdn', { local_mean_time: birth.section.local_mean_time, zi_hour_mode: zi, shifted_by_zi: fp.basis.day_shifted_by_zi }, fp.day.stem + fp.day.branch)
  if (fp.hour) ev.add(sj, 'hour_pillar.o_seo_dun', { local_mean_time: birth.section.local_mean_time, day_stem: fp.day.stem }, fp.hour.stem + fp.hour.branch)

  const views = Object.fromEntries(positions.map((q) => [q, pillarView(chart.pillars[q]!.stem, chart.pillars[q]!.branch, p)])) as Record<Position, ReturnType<typeof pillarView>>
  // the spec keeps the key with null when the hour is unknown
  const pillars = { year: views.year, month: views.month, day: views.day, hour: views.hour ?? null }
  const dm = fp.day.stem
  const l = p.localization
  const bt = ref(p, 'branchTenGods')

  const ten_gods = Object.fromEntries(positions.map((q) => {
    const pl = chart.pillars[q]!
    const stem = q === 'day' ? 'day_master' : tenGodOfStem(dm, pl.stem, p)
    const branch = tenGodOfBranch(dm, pl.branch, p)
    return [q, { stem, stem_ko: l.ten_gods[stem].ko, branch, branch_ko: l.ten_gods[branch].ko }]
  }))
  ev.add(bt, 'ten_gods.by_element_and_polarity', { day_master: dm, branch_basis: p.branchTenGods.branch_basis }, Object.fromEntries(Object.entries(ten_gods).map(([k, v]) => [k, [v.stem, v.branch]])))

  const stages = new TwelveStageCalculator(p)
  const twelve_stages = Object.fromEntries(positions.map((q) => {
    const st = stages.stage(dm, chart.pillars[q]!.branch)
    return [q, { stage: st, stage_ko: l.twelve_stages[st].ko }]
  }))
  ev.add(bt, 'twelve_stages.start_and_direction', { day_master: dm }, Object.fromEntries(Object.entries(twelve_stages).map(([k, v]) => [k, v.stage])))

  const voids = new VoidCalculator(p)
  const dayVoid = voids.voidOf(dm, fp.day.branch)
  const yearVoid = voids.voidOf(fp.year.stem, fp.year.branch)
  const voidInfo = {
    day_basis: { xun: dayVoid.xun, branches: dayVoid.void, hits: positions.filter((q) => q !== 'day' && dayVoid.void.includes(chart.pillars[q]!.branch)) },
    year_basis: { xun: yearVoid.xun, branches: yearVoid.void, hits: positions.filter((q) => q !== 'year' && yearVoid.void.includes(chart.pillars[q]!.branch)) },
  }
  ev.add(sj, 'void.xun', { day_pillar: dm + fp.day.branch }, voidInfo.day_basis)

  const relations = chartRelations(chart, p).map((r) => ({ ...r, type_ko: l.relations[r.type].ko }))
  const rp = ref(p, 'relation')
  for (const r of relations) ev.add(rp, `relation.${r.type}`, { positions: r.positions, chars: r.chars }, r.element ?? r.type)
  const yj = new YuanjinDetector(p)
  const yuanjin = relations.filter((r) => r.type === 'yuanjin' && yj.isYuanjin(r.chars[0], r.chars[1])).map((r) => ({ positions: r.positions, branches: r.chars }))
  const combination_transforms = new CombinationElementTransformer(p).evaluate(chart, relations)
  for (const t of combination_transforms) ev.add(rp, `transformation.${t.type}`, { positions: t.positions, chars: t.chars, month_branch: fp.month.branch }, { transformed: t.transformed, element: t.element, reasons: t.reasons })

  const shensha = findShensha(chart, p).map((h) => ({ ...h, name_ko: l.shensha[h.id].ko }))
  for (const h of shensha) ev.add(ref(p, 'shensha'), `shensha.${h.id}`, { basis: h.basis, positions: h.positions }, h.found)

  const element_balance = elementBalance(chart, p)
  const strength = strengthOf(chart, p)
  ev.add(ref(p, 'strength'), 'strength.support_share', { support: strength.support, total: strength.total }, strength.level)
  const gyeokguk = gyeokgukOf(chart, p)
  ev.add(ref(p, 'gyeokguk'), 'gyeokguk.month_branch', { month_branch: fp.month.branch, basis_stem: gyeokguk.basis_stem, revealed_at: gyeokguk.revealed_at }, gyeokguk.id)
  const yongshin = yongshinOf(chart, strength, element_balance, p)
  ev.add(ref(p, 'yongshin'), yongshin.rule, { strength: strength.level, by_group: strength.by_group, month_branch: fp.month.branch }, { yongshin: yongshin.yongshin, johu: yongshin.johu })

  const birthYear = Number(birth.section.solar_local.slice(0, 4))
  const luck_cycles = computeDaewoon(birth.utcMs, birthYear, fp, gender, p)
  ev.add(sj, 'daewoon.start_age', { direction: luck_cycles.direction, days_to_jie: luck_cycles.days_to_jie, days_per_year: p.sixtyJiazi.daewoon.days_per_year }, luck_cycles.start_age)

  return {
    meta: {
      engine: 'saju-engine', engine_version: ENGINE_VERSION,
      policies: Object.fromEntries((Object.keys(POLICY_FILES) as (keyof PolicySet)[]).map((k) => [POLICY_FILES[k], p[k].version])),
      request: { zi_hour_mode: zi, gender, calendar_type: req.calendar_type ?? 'solar', unknown_hour: birth.unknownHour, ...(req.name ? { name: req.name } : {}) },
      sources: { ephemeris: 'VSOP87B via astronomia 4.2.0', lunar_calendar: 'korean-lunar-calendar 0.4.0 (KASI tables)' },
    },
    time: {
      ...birth.section,
      saju_year: fp.basis.saju_year,
      month_jie: { longitude: fp.basis.month_jie.longitude, name_ko: l.solar_terms[String(fp.basis.month_jie.longitude)].ko, utc: new Date(fp.basis.month_jie.utcMs).toISOString() },
      next_jie: { longitude: fp.basis.next_jie.longitude, name_ko: l.solar_terms[String(fp.basis.next_jie.longitude)].ko, utc: new Date(fp.basis.next_jie.utcMs).toISOString() },
    },
    pillars,
    analysis: {
      day_master: { stem: dm, stem_ko: l.stems[dm].ko, element: pillars.day.stem_element, yin_yang: pillars.day.yin_yang },
      ten_gods, twelve_stages, void: voidInfo, yuanjin, combination_transforms, relations, shensha,
      strength: { ...strength, level_ko: l.strength_levels[strength.level].ko },
      gyeokguk: { ...gyeokguk, name_ko: l.gyeokguk[gyeokguk.id].ko },
      yongshin, element_balance, luck_cycles,
    },
    localization: {
      locale: l.locale, policy: POLICY_FILES.localization, version: l.version,
      summary_ko: positions.map((q) => `${l.positions[q].ko} ${views[q].ganji_ko}(${views[q].ganji})`).join(', '),
      elements: Object.fromEntries(Object.entries(l.elements).map(([k, v]) => [k, v])),
    },
    evidence: ev.items,
  }
}

export type SajuReport = ReturnType<typeof computeReport>
