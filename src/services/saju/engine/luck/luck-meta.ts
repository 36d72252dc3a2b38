// What the two luck bodies share: the normalized input echo, the natal summary, and the meta with
// its cache key (RFC 8785 canonical JSON of echo + period, SHA-256) and fixed TTL.
import { createHash } from 'node:crypto'
import { canonicalize } from 'json-canonicalize'
import type { BirthInputEcho, NatalSummary } from '../spec-types.js'
import type { Chart } from '../analysis/chart.js'
import { ENGINE_VERSION } from '../report/compute-report.js'

export const ANNUAL_TTL_SEC = 31_536_000
export const MONTHLY_TTL_SEC = 2_592_000

export function natalSummary(chart: Chart): NatalSummary {
  const g = (pl: { stem: string; branch: string }) => pl.stem + pl.branch
  const { year, month, day, hour } = chart.pillars
  return { day_master: day.stem, year: g(year), month: g(month), day: g(day), hour: hour ? g(hour) : null } as NatalSummary
}

export function luckMeta<T extends number>(input: BirthInputEcho, period: Record<string, number>, ttl: T, profileId: string | undefined, now: Date) {
  return {
    generated_at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    engine_version: ENGINE_VERSION,
    cache_ttl_sec: ttl,
    cache_key: createHash('sha256')
      .update(canonicalize({ input, ...period }), 'utf8')
      .digest('hex'),
    profile_id: profileId ?? null,
    input,
  }
}
