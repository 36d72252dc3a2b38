// The report's `time` section (spec TimeResolution): each tz-time step from the input to local
// mean time, and the notes (TimeNote codes) saying which rule changed what.
import type { PolicySet } from '../policy/types.js'
import type { TimeNote, TimeResolution } from '../spec-types.js'
import type { ResolvedBirth } from '../time/resolve-birth.js'
import type { FourPillars } from '../pillars/four-pillars.js'
import { dstAt, offsetAt } from '../time/tz-time.js'
import { formatOffset, formatWall, isoSeconds, msToWall } from '../time/wall-clock.js'
import type { BirthInputEcho } from '../spec-types.js'

const RESOLUTION = {
  unique: 'exact',
  gap_shifted_forward: 'gap_shifted_forward',
  overlap_earlier: 'overlap_earlier',
  explicit_offset: 'explicit_offset',
} as const

/** "+08:27:52" cannot be written in the spec's ±HH:MM, so offsets are shown to the minute (the exact one goes in a note). */
const offsetToMinute = (sec: number) => formatOffset(Math.round(sec / 60) * 60)

export function timeSection(input: BirthInputEcho, b: ResolvedBirth, fp: FourPillars, p: PolicySet): TimeResolution {
  const l = p.localization.time
  const notes: TimeNote[] = []
  const note = (code: TimeNote['code'], extra = '') => notes.push({ code, message_ko: l[code].ko + extra })
  const { dst, standardThenSec } = dstAt(input.tz, b.utcMs)
  const effective = formatWall(msToWall(b.utcMs + b.offsetSec * 1000))

  if (b.solarDate) note('lunar_converted', ` (${input.is_leap_month ? '윤' : ''}${input.birth_dt_local.slice(0, 10)} → ${b.solarDate})`)
  if (b.unknownHour) note('unknown_hour_noon_assumed')
  if (b.unknownHour && input.zi_hour_mode !== 'default') note('zi_hour_mode_ignored')
  if (b.disambiguation === 'gap_shifted_forward') note('dst_gap_shifted', ` (${effective.slice(11, 16)})`)
  if (b.disambiguation === 'overlap_earlier') note('dst_overlap_earlier')
  if (b.disambiguation === 'explicit_offset') note('explicit_offset_used')
  if (dst) note('dst_active', ` (${offsetToMinute(b.offsetSec)})`)
  if (standardThenSec !== b.standardSec) note('historical_offset', ` (당시 ${formatOffset(standardThenSec)}, 현재 ${formatOffset(b.standardSec)})`)
  if (!b.unknownHour && input.zi_hour_mode === 'split_23' && b.lmt.hour === 23) note('zi_split_23_applied')
  if (b.unknownHour) {
    // a 절 on that local date may fall either side of the assumed noon
    const localDate = (ms: number) => formatWall(msToWall(ms + offsetAt(input.tz, ms) * 1000)).slice(0, 10)
    const day = effective.slice(0, 10)
    const jie = [fp.basis.month_jie, fp.basis.next_jie].find((t) => localDate(t.utcMs) === day)
    if (jie) note('jie_on_birth_date', ` (${p.localization.solar_terms[String(jie.longitude)].ko} ${isoSeconds(jie.utcMs)})`)
  }
  return {
    input_local: input.birth_dt_local,
    tz: input.tz,
    ...(b.solarDate ? { solar_date: b.solarDate } : {}),
    effective_local: effective,
    resolution: RESOLUTION[b.disambiguation],
    offset_used: offsetToMinute(b.offsetSec),
    dst,
    utc_instant: isoSeconds(b.utcMs),
    standard_offset: offsetToMinute(b.standardSec),
    regional_correction_minutes: b.correction,
    local_mean_time: formatWall(b.lmt),
    notes,
  }
}
