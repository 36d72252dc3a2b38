// Korean lunar -> solar conversion. Expected dates are from KASI's published lunar/solar
// conversion tables (한국천문연구원 음양력 변환), e.g. 설날 and 추석 as announced by KASI, and the
// leap months 2012 윤3월, 2017 윤5월, 2020 윤4월.
import { describe, it, expect } from 'vitest'
import { LunarYear } from 'lunar-javascript'
import { lunarToSolar } from '../../../src/services/saju/engine/calendar/korean-lunar.js'

const cases: [string, number, number, number, boolean, string][] = [
  ['설날 1990', 1990, 1, 1, false, '1990-01-27'],
  ['설날 2023', 2023, 1, 1, false, '2023-01-22'],
  ['설날 2024', 2024, 1, 1, false, '2024-02-10'],
  ['추석 2024', 2024, 8, 15, false, '2024-09-17'],
  ['2012 윤3월 1일', 2012, 3, 1, true, '2012-04-21'],
  ['2012 윤3월 30일', 2012, 3, 30, true, '2012-05-20'],
  ['2017 윤5월 1일', 2017, 5, 1, true, '2017-06-24'],
  ['2020 4월 1일', 2020, 4, 1, false, '2020-04-23'],
  ['2020 윤4월 1일', 2020, 4, 1, true, '2020-05-23'],
]

describe('lunarToSolar (KASI)', () => {
  for (const [name, y, m, d, leap, want] of cases) {
    it(name, () => {
      const s = lunarToSolar(y, m, d, leap)
      expect(`${s.year}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`).toBe(want)
    })
  }
  it('refuses a leap month that year does not have', () => {
    expect(() => lunarToSolar(2013, 3, 1, true)).toThrow(/no leap month 3/)
  })
  it('refuses day 30 of a 29-day month', () => {
    // 2024 lunar 1st month has 29 days (2024-02-10 .. 03-09)
    expect(() => lunarToSolar(2024, 1, 30, false)).toThrow(/no day 30/)
  })
  it('differs from the Chinese calendar where KASI does: 2017 leap month is 5 in Korea, 6 in China', () => {
    expect(LunarYear.fromYear(2017).getLeapMonth()).toBe(6)
    expect(() => lunarToSolar(2017, 6, 1, true)).toThrow(/no leap month/)
  })
})
