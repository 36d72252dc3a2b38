// tz-time step: request -> UTC instant and local mean time, recording every step for the
// report's `time` section. LMT = UTC + the zone's present standard offset + the regional
// correction, so -32 always means "Seoul relative to 135°E", also in the +08:30 and DST years.
// With unknown_hour the reference instant is 12:00 local on the birth date.
import { SajuInputError } from '../errors.js'
import { lunarToSolar } from '../calendar/korean-lunar.js'
import type { SajuRequest } from '../types.js'
import { type WallClock, parseLocalDateTime, formatWall, formatOffset, msToWall, wallToMs, daysInMonth } from './wall-clock.js'
import { wallToUtc, presentStandardOffset, assertZone, type Disambiguation } from './tz-time.js'

export interface ResolvedBirth {
  utcMs: number
  lmt: WallClock
  unknownHour: boolean
  section: TimeSection
}

export interface TimeSection {
  input: { birth_dt_local: string; tz: string; calendar_type: 'solar' | 'lunar'; is_leap_month: boolean }
  lunar_date?: { year: number; month: number; day: number; is_leap_month: boolean }
  solar_local: string
  unknown_hour: boolean
  disambiguation: Disambiguation
  utc: string
  utc_offset_used: string
  standard_offset: string
  regional_correction_minutes: number
  local_mean_time: string
}

export function resolveBirth(req: SajuRequest): ResolvedBirth {
  if (typeof req.birth_dt_local !== 'string') throw new SajuInputError('E_BAD_REQUEST', 'birth_dt_local is required', 'birth_dt_local')
  if (typeof req.tz !== 'string') throw new SajuInputError('E_BAD_REQUEST', 'tz is required', 'tz')
  assertZone(req.tz)
  const calendar = req.calendar_type ?? 'solar'
  const leap = req.is_leap_month === true
  const correction = req.regional_correction_minutes ?? 0
  if (!Number.isInteger(correction) || Math.abs(correction) > 180) {
    throw new SajuInputError('E_BAD_REQUEST', 'regional_correction_minutes must be an integer within ±180', 'regional_correction_minutes')
  }
  if (leap && calendar !== 'lunar') {
    throw new SajuInputError('E_UNPROCESSABLE', 'is_leap_month applies only to calendar_type "lunar"', 'is_leap_month')
  }
  const parsed = parseLocalDateTime(req.birth_dt_local, calendar === 'solar')
  let wall = parsed.wall
  let lunar: TimeSection['lunar_date']
  if (calendar === 'lunar') {
    lunar = { year: wall.year, month: wall.month, day: wall.day, is_leap_month: leap }
    wall = { ...wall, ...lunarToSolar(wall.year, wall.month, wall.day, leap) }
  }
  const unknownHour = req.unknown_hour === true
  if (unknownHour) wall = { ...wall, hour: 12, minute: 0, second: 0 }
  if (wall.year < 1900 || wall.year > 2100) {
    throw new SajuInputError('E_UNPROCESSABLE', `birth year ${wall.year} is outside the supported range 1900–2100`, 'birth_dt_local')
  }
  if (wall.day > daysInMonth(wall.year, wall.month)) throw new SajuInputError('E_UNPROCESSABLE', 'invalid date', 'birth_dt_local')

  const resolved = wallToUtc(wall, req.tz, unknownHour ? undefined : parsed.explicitOffsetSec)
  const standard = presentStandardOffset(req.tz)
  const lmtMs = resolved.utcMs + standard * 1000 + correction * 60_000
  const lmt = msToWall(lmtMs)
  return {
    utcMs: resolved.utcMs,
    lmt,
    unknownHour,
    section: {
      input: { birth_dt_local: req.birth_dt_local, tz: req.tz, calendar_type: calendar, is_leap_month: leap },
      ...(lunar ? { lunar_date: lunar } : {}),
      solar_local: formatWall(msToWall(wallToMs(wall))),
      unknown_hour: unknownHour,
      disambiguation: resolved.disambiguation,
      utc: new Date(resolved.utcMs).toISOString().replace('.000Z', 'Z'),
      utc_offset_used: formatOffset(resolved.offsetSec),
      standard_offset: formatOffset(standard),
      regional_correction_minutes: correction,
      local_mean_time: formatWall(lmt),
    },
  }
}
