// computeReport: the whole chain tz-time -> astro -> pillars -> analysis -> 대운, returned in the
// shape of the spec's report (ReportSajuResponseSummary) without what the HTTP layer adds
// (`signatures`, entitlements, ads). Deterministic except meta.report_id and meta.generated_at,
// which the caller may pass.
import { randomUUID } from 'node:crypto'
import type { PolicySet } from '../policy/types.js'
import { POLICY_FILES } from '../policy/types.js'
import { defaultPolicies } from '../policy/load.js'
import type { SajuRequest } from '../spec-types.js'
import type { SajuReport } from '../spec-types.js'
import { resolveBirth } from '../time/resolve-birth.js'
import { computeFourPillars } from '../pillars/four-pillars.js'
import { pillarView } from '../pillars/pillar-view.js'
import { EvidenceLog } from '../analysis/evidence.js'
import type { Chart } from '../analysis/chart.js'
import { inputEcho } from './input-echo.js'
import { timeSection } from './time-section.js'
import { analysisSection } from './analysis-section.js'
import { localizationSection } from './localization.js'

export const ENGINE_VERSION = '1.0.0'

export interface ReportOptions {
  policies?: PolicySet
  /** meta.report_id (a UUID); a fresh one when absent. */
  reportId?: string
  /** meta.generated_at; now when absent. */
  now?: Date
}

export type { SajuReport }

/** The natal chart alone (no analysis), shared by the report and the luck calculators. */
export function natalChart(req: SajuRequest | Omit<SajuRequest, 'gender'>, p: PolicySet) {
  const birth = resolveBirth(req as SajuRequest)
  const fp = computeFourPillars(birth.utcMs, birth.lmt, req.zi_hour_mode ?? 'default', birth.unknownHour, p)
  const chart: Chart = { pillars: { year: fp.year, month: fp.month, day: fp.day, ...(fp.hour ? { hour: fp.hour } : {}) } }
  return { birth, fp, chart }
}

/** The full natal report for one request. Throws SajuInputError for inputs it refuses. */
export function computeReport(req: SajuRequest, options: ReportOptions = {}): SajuReport {
  const p = options.policies ?? defaultPolicies()
  const input = inputEcho(req, true)
  const { birth, fp, chart } = natalChart(req, p)
  const ev = new EvidenceLog(p)
  const iso = (ms: number) => new Date(ms).toISOString()
  ev.add('sixtyJiazi', 'pillars.year.lichun', { utc_instant: iso(birth.utcMs), lichun: iso(fp.basis.lichun_utc_ms) }, fp.year.stem + fp.year.branch)
  ev.add(
    'sixtyJiazi',
    'pillars.month.jie',
    { utc_instant: iso(birth.utcMs), jie_longitude: fp.basis.month_jie.longitude, jie: iso(fp.basis.month_jie.utcMs) },
    fp.month.stem + fp.month.branch,
  )
  ev.add(
    'sixtyJiazi',
    'pillars.day.julian_day',
    { local_mean_time: birth.lmt, zi_hour_mode: input.zi_hour_mode, moved_by_zi: fp.basis.day_shifted_by_zi },
    fp.day.stem + fp.day.branch,
  )
  if (fp.hour) ev.add('sixtyJiazi', 'pillars.hour.o_seo_dun', { local_mean_time: birth.lmt, day_stem: fp.day.stem }, fp.hour.stem + fp.hour.branch)

  const view = (q: 'year' | 'month' | 'day') => pillarView(chart.pillars[q].stem, chart.pillars[q].branch, p)
  const pillars: SajuReport['pillars'] = {
    year: view('year'),
    month: view('month'),
    day: view('day'),
    hour: fp.hour ? pillarView(fp.hour.stem, fp.hour.branch, p) : null,
  }
  const { analysis } = analysisSection(chart, fp, birth.utcMs, birth.wall.year, input.gender as 'male' | 'female', p, ev)

  return {
    meta: {
      report_id: options.reportId ?? randomUUID(),
      profile_id: req.profile_id ?? null,
      generated_at: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      engine_version: ENGINE_VERSION,
      input,
      policy_versions: Object.fromEntries((Object.keys(POLICY_FILES) as (keyof PolicySet)[]).map((k) => [POLICY_FILES[k], p[k].version])),
    },
    time: timeSection(input, birth, fp, p),
    pillars,
    analysis,
    localization: localizationSection(fp.day.stem, fp.month.branch, analysis, p),
    evidence: ev.items,
  }
}
