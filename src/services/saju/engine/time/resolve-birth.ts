// tz-time step: request -> UTC instant and local mean time, recording every step for the
// report's `time` section. LMT = UTC + the zone's present standard offset + the regional
// correction, so -32 always means "Seoul relative to 135°E", also in the +08:30 and DST years.
// With unknown_hour the reference instant is 12:00 local on the birth date. The report's `time`
// section is written from this record by report/time-section.ts.
import { SajuInputError } from '../errors.js'
import { lunarToSolar } from '../calendar/korean-lunar.js'
import type { SajuRequest } from '../spec-types.js'
import { type WallClock, parseLocalDateTime, formatWall, msToWall, daysInMonth } from './wall-clock.js'
import { wallToUtc, presentStandardOffset, assertZone, type Disambiguation } from './tz-time.js'

export interface ResolvedBirth {
  utcMs: number
  /** Offset (seconds east of UTC) the zone used at that instant. */
  offsetSec: number
  disambiguation: Disambiguation
  /** The solar wall clock actually resolved (after lunar conversion and the 12:00 assumption). */
  wall: WallClock
  lmt: WallClock
  unknownHour: boolean
  standardSec: number
  correction: number
  /** YYYY-MM-DD when the input date was lunar. */
  solarDate?: string
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
  let solarDate: string | undefined
  if (calendar === 'lunar') {
    wall = { ...wall, ...lunarToSolar(wall.year, wall.month, wall.day, leap) }
    solarDate = formatWall(wall).slice(0, 10)
  }
  const unknownHour = req.unknown_hour === true
  if (unknownHour) wall = { ...wall, hour: 12, minute: 0, second: 0 }
  if (wall.year < 1900 || wall.year > 2100) {
    throw new SajuInputError('E_UNPROCESSABLE', `birth year ${wall.year} is outside the supported range 1900–2100`, 'birth_dt_local')
  }
  if (wall.day > daysInMonth(wall.year, wall.month)) throw new SajuInputError('E_UNPROCESSABLE', 'invalid date', 'birth_dt_local')

  // with the hour unknown an explicit offset no longer names a real instant, so it is dropped
  const resolved = wallToUtc(wall, req.tz, unknownHour ? undefined : parsed.explicitOffsetSec)
  const standardSec = presentStandardOffset(req.tz)
  const lmt = msToWall(resolved.utcMs + standardSec * 1000 + correction * 60_000)
  return {
    utcMs: resolved.utcMs,
    offsetSec: resolved.offsetSec,
    disambiguation: resolved.disambiguation,
    wall,
    lmt,
    unknownHour,
    standardSec,
    correction,
    ...(solarDate ? { solarDate } : {}),
  }
}
