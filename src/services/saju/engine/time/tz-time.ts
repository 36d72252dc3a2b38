// Wall clock in an IANA zone <-> UTC instant, using the zone's historical offsets from Intl.
// Intl only converts UTC -> wall, so wall -> UTC is solved here by trying the offsets in force
// around that wall time and keeping those that round-trip.
//
// Policy (mirrors Temporal's disambiguation: 'compatible'):
// - gap (wall time skipped by a forward transition): use the offset in force before the
//   transition, which moves the wall time forward by the length of the gap;
// - overlap (wall time occurring twice): the earlier instant;
// - an explicit offset in the input picks that instant, and must be an offset the zone
//   actually used at that wall time.
import { SajuInputError } from '../errors.js'
import { type WallClock, wallToMs, formatOffset, formatWall } from './wall-clock.js'

export type Disambiguation = 'unique' | 'overlap_earlier' | 'gap_shifted_forward' | 'explicit_offset'

export interface ResolvedInstant {
  utcMs: number
  offsetSec: number
  disambiguation: Disambiguation
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    } catch {
      throw new SajuInputError('E_UNPROCESSABLE', `unknown IANA time zone "${tz}"`, 'tz')
    }
    formatters.set(tz, f)
  }
  return f
}

/** Offset (seconds east of UTC) of `tz` at the instant `utcMs`. */
export function offsetAt(tz: string, utcMs: number): number {
  const parts = formatterFor(tz).formatToParts(new Date(utcMs))
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value)
  const era = parts.find((p) => p.type === 'era')!.value
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year')
  const wall = wallToMs({ year, month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') })
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 1000)
}

export function assertZone(tz: string): void {
  formatterFor(tz)
}

const DAY = 86_400_000

/** Resolves a wall clock in `tz` to one UTC instant following the policy above. */
export function wallToUtc(wall: WallClock, tz: string, explicitOffsetSec?: number): ResolvedInstant {
  const w = wallToMs(wall)
  const before = offsetAt(tz, w - DAY)
  const candidates = [...new Set([before, offsetAt(tz, w), offsetAt(tz, w + DAY)])]
  const valid = candidates
    .filter((o) => offsetAt(tz, w - o * 1000) === o)
    .map((o) => ({ utcMs: w - o * 1000, offsetSec: o }))
    .sort((a, b) => a.utcMs - b.utcMs)

  if (explicitOffsetSec !== undefined) {
    const hit = valid.find((v) => v.offsetSec === explicitOffsetSec)
    if (!hit) {
      const used = valid.map((v) => formatOffset(v.offsetSec)).join(' or ') || 'none (the time falls in a gap)'
      throw new SajuInputError(
        'E_UNPROCESSABLE',
        `${formatWall(wall)} in ${tz} never had offset ${formatOffset(explicitOffsetSec)}; offsets in use: ${used}`,
        'birth_dt_local',
      )
    }
    return { ...hit, disambiguation: 'explicit_offset' }
  }
  if (valid.length === 1) return { ...valid[0], disambiguation: 'unique' }
  if (valid.length > 1) return { ...valid[0], disambiguation: 'overlap_earlier' }
  // read with the pre-transition offset; the instant then lies after the transition, so the
  // offset in force there (the one the shifted wall clock shows) is reported
  const utcMs = w - before * 1000
  return { utcMs, offsetSec: offsetAt(tz, utcMs), disambiguation: 'gap_shifted_forward' }
}

const standardCache = new Map<string, number>()

/**
 * The zone's present standard offset: the smaller of its January and July offsets in a fixed
 * recent year (fixed so reports are reproducible; DST is always the larger of the two).
 */
export function presentStandardOffset(tz: string): number {
  let s = standardCache.get(tz)
  if (s === undefined) {
    s = Math.min(offsetAt(tz, Date.UTC(2025, 0, 15)), offsetAt(tz, Date.UTC(2025, 6, 15)))
    standardCache.set(tz, s)
  }
  return s
}

const HALF_YEAR = 182 * DAY

/**
 * Whether daylight saving was in force at `utcMs`, and the standard offset of that time. Intl does
 * not say, so: DST is an offset above both the offsets half a year before and after (a permanent
 * change of standard time, like Seoul's in 1954 and 1961, is above at most one of them).
 */
export function dstAt(tz: string, utcMs: number): { dst: boolean; standardThenSec: number } {
  const now = offsetAt(tz, utcMs)
  const before = offsetAt(tz, utcMs - HALF_YEAR)
  const after = offsetAt(tz, utcMs + HALF_YEAR)
  const dst = now > before && now > after
  return { dst, standardThenSec: dst ? Math.max(before, after) : now }
}
