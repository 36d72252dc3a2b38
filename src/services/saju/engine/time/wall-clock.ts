// Wall-clock fields and their parsing. A wall clock is a date and time with no zone;
// we carry it as "milliseconds as if UTC" so arithmetic on it is plain integer math.
import { SajuInputError } from '../errors.js'

export interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

export interface ParsedLocal {
  wall: WallClock
  /** Explicit UTC offset in seconds when the input carried one ("+09:00", "Z"). */
  explicitOffsetSec: number | undefined
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** Parses `birth_dt_local`; the date is validated against the proleptic Gregorian calendar only when `checkGregorian`. */
export function parseLocalDateTime(text: string, checkGregorian = true): ParsedLocal {
  const m = LOCAL_RE.exec(text.trim())
  if (!m) {
    throw new SajuInputError('E_BAD_REQUEST', `birth_dt_local "${text}" is not an ISO 8601 local date-time (YYYY-MM-DDTHH:mm[:ss][±HH:MM])`, 'birth_dt_local')
  }
  const wall: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  }
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    throw new SajuInputError('E_BAD_REQUEST', `birth_dt_local "${text}" has a field out of range`, 'birth_dt_local')
  }
  if (checkGregorian && wall.day > daysInMonth(wall.year, wall.month)) {
    throw new SajuInputError('E_UNPROCESSABLE', `${wall.year}-${pad(wall.month)} has no day ${wall.day}`, 'birth_dt_local')
  }
  return { wall, explicitOffsetSec: m[7] === undefined ? undefined : parseOffset(m[7]) }
}

function parseOffset(s: string): number {
  if (s === 'Z') return 0
  const sign = s[0] === '-' ? -1 : 1
  const digits = s.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60)
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Wall clock as milliseconds on a UTC timeline (no zone meaning). */
export function wallToMs(w: WallClock): number {
  const d = new Date(0)
  d.setUTCFullYear(w.year, w.month - 1, w.day)
  d.setUTCHours(w.hour, w.minute, w.second, 0)
  return d.getTime()
}

export function msToWall(ms: number): WallClock {
  const d = new Date(ms)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  }
}

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

export function formatWall(w: WallClock): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`
}

export function formatOffset(sec: number): string {
  const sign = sec < 0 ? '-' : '+'
  const a = Math.abs(sec)
  const h = Math.floor(a / 3600)
  const m = Math.floor((a % 3600) / 60)
  const s = a % 60
  return `${sign}${pad(h)}:${pad(m)}${s ? ':' + pad(s) : ''}`
}

/** An instant as the spec writes date-times: UTC, to the second ("1990-05-15T03:00:00Z"). */
export function isoSeconds(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
