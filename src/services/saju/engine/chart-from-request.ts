// The natal chart alone (no analysis), for the luck calculators called on their own.
import type { SajuRequest } from './types.js'
import type { PolicySet } from './policy/types.js'
import { defaultPolicies } from './policy/load.js'
import { resolveBirth } from './time/resolve-birth.js'
import { computeFourPillars } from './pillars/four-pillars.js'
import type { Chart } from './analysis/chart.js'

export function chartFromRequest(req: SajuRequest, policies: PolicySet = defaultPolicies()): Chart {
  const b = resolveBirth(req)
  const fp = computeFourPillars(b.utcMs, b.lmt, req.zi_hour_mode ?? 'default', b.unknownHour, policies)
  return { pillars: { year: fp.year, month: fp.month, day: fp.day, ...(fp.hour ? { hour: fp.hour } : {}) } }
}
