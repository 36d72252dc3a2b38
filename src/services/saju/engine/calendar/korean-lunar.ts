// Korean lunar date -> Gregorian date by the KASI-based tables of `korean-lunar-calendar`.
// The Korean calendar is computed for 135°E (KST) and so differs from the Chinese one in some
// months (e.g. the leap month of 2012 and 2017); do not swap in a Chinese-calendar library here.
import KoreanLunarModule from 'korean-lunar-calendar'
import { SajuInputError } from '../errors.js'

export interface SolarDate {
  year: number
  month: number
  day: number
}

interface Calendar {
  setLunarDate(y: number, m: number, d: number, leap: boolean): boolean
  setSolarDate(y: number, m: number, d: number): boolean
  getSolarCalendar(): SolarDate
  getLunarCalendar(): SolarDate & { intercalation?: boolean }
}
// The package's typings describe its CJS build; under NodeNext ESM the class is the default export.
const KoreanLunarCalendar = ((KoreanLunarModule as unknown as { default?: unknown }).default ?? KoreanLunarModule) as new () => Calendar

const MIN = 10000101
const MAX = 20501118

export function lunarToSolar(year: number, month: number, day: number, isLeapMonth: boolean): SolarDate {
  const key = year * 10000 + month * 100 + day
  if (key < MIN || key > MAX) {
    throw new SajuInputError(
      'E_UNPROCESSABLE',
      `lunar date ${year}-${month}-${day} is outside the Korean lunar table (1000-01-01 .. 2050-11-18)`,
      'birth_dt_local',
    )
  }
  const cal = new KoreanLunarCalendar()
  if (isLeapMonth && !hasLeapMonth(year, month)) {
    throw new SajuInputError('E_UNPROCESSABLE', `lunar year ${year} has no leap month ${month} (윤${month}월)`, 'is_leap_month')
  }
  if (!cal.setLunarDate(year, month, day, isLeapMonth) || !roundTrips(cal, year, month, day, isLeapMonth)) {
    throw new SajuInputError('E_UNPROCESSABLE', `lunar ${isLeapMonth ? 'leap ' : ''}month ${month} of ${year} has no day ${day}`, 'birth_dt_local')
  }
  const s = cal.getSolarCalendar()
  return { year: s.year, month: s.month, day: s.day }
}

/** The library accepts a 30th day of a 29-day month and silently rolls over; refuse that. */
function roundTrips(cal: Calendar, year: number, month: number, day: number, leap: boolean): boolean {
  const s = cal.getSolarCalendar()
  const back = new KoreanLunarCalendar()
  back.setSolarDate(s.year, s.month, s.day)
  const l = back.getLunarCalendar()
  return l.year === year && l.month === month && l.day === day && Boolean(l.intercalation) === leap
}

function hasLeapMonth(year: number, month: number): boolean {
  const cal = new KoreanLunarCalendar()
  return cal.setLunarDate(year, month, 1, true) && roundTrips(cal, year, month, 1, true)
}
