// Four pillars: anchors, named edge cases, and a random cross-check against lunar-javascript.
import { describe, it, expect } from 'vitest'
import { Solar } from 'lunar-javascript'
import { computeFourPillars } from '../../../src/services/saju/engine/pillars/four-pillars.js'
import { resolveBirth } from '../../../src/services/saju/engine/time/resolve-birth.js'
import { surroundingJie } from '../../../src/services/saju/engine/astro/solar-terms.js'
import { defaultPolicies } from '../../../src/services/saju/engine/policy/load.js'
import { msToWall } from '../../../src/services/saju/engine/time/wall-clock.js'
import type { SajuRequest } from '../../../src/services/saju/engine/spec-types.js'
import { computeReport } from '../../../src/services/saju/engine/report/compute-report.js'

const p = defaultPolicies()
const s = (x: { stem: string; branch: string } | null) => (x ? x.stem + x.branch : null)
function chart(birth: string, extra: Partial<SajuRequest> = {}) {
  const req: SajuRequest = { birth_dt_local: birth, tz: 'Asia/Seoul', gender: 'male', regional_correction_minutes: 0, ...extra }
  const b = resolveBirth(req)
  const f = computeFourPillars(b.utcMs, b.lmt, req.zi_hour_mode ?? 'default', b.unknownHour, p)
  return [s(f.year), s(f.month), s(f.day), s(f.hour)].join(' ')
}

describe('day pillar anchors', () => {
  it('2000-01-01 is 戊午', () => expect(chart('2000-01-01T12:00').split(' ')[2]).toBe('戊午'))
  it('1900-01-01 is 甲戌', () => expect(chart('1900-01-01T12:00').split(' ')[2]).toBe('甲戌'))
})

describe('입춘 and 절 boundaries (2024 입춘 17:27:06 KST, 경칩 2024-03-05 11:22:45 KST)', () => {
  it('minutes before 입춘 is still 癸卯 year, 乙丑 month', () => {
    expect(chart('2024-02-04T17:25').split(' ').slice(0, 2)).toEqual(['癸卯', '乙丑'])
  })
  it('minutes after 입춘 is 甲辰 year, 丙寅 month', () => {
    expect(chart('2024-02-04T17:29').split(' ').slice(0, 2)).toEqual(['甲辰', '丙寅'])
  })
  it('minutes before 경칩 is 丙寅 month, after is 丁卯', () => {
    expect(chart('2024-03-05T11:21').split(' ')[1]).toBe('丙寅')
    expect(chart('2024-03-05T11:24').split(' ')[1]).toBe('丁卯')
  })
})

describe('子 hour 23:00-00:59 under both zi modes (2000-01-01 is 戊午, 01-02 is 己未)', () => {
  it('22:59 is 癸亥 hour of 戊午', () => expect(chart('2000-01-01T22:59').split(' ').slice(2)).toEqual(['戊午', '癸亥']))
  it('default: 23:30 moves to 己未 day, 甲子 hour', () => {
    expect(chart('2000-01-01T23:30', { zi_hour_mode: 'default' }).split(' ').slice(2)).toEqual(['己未', '甲子'])
  })
  it('split_23: 23:30 keeps 戊午 day, takes next day 甲子 hour (야자시)', () => {
    expect(chart('2000-01-01T23:30', { zi_hour_mode: 'split_23' }).split(' ').slice(2)).toEqual(['戊午', '甲子'])
  })
  for (const mode of ['default', 'split_23'] as const) {
    it(`${mode}: 00:30 is 己未 day, 甲子 hour`, () => {
      expect(chart('2000-01-02T00:30', { zi_hour_mode: mode }).split(' ').slice(2)).toEqual(['己未', '甲子'])
    })
    it(`${mode}: 00:59 is still 子 hour, 01:00 is 乙丑`, () => {
      expect(chart('2000-01-02T00:59', { zi_hour_mode: mode }).split(' ')[3]).toBe('甲子')
      expect(chart('2000-01-02T01:00', { zi_hour_mode: mode }).split(' ')[3]).toBe('乙丑')
    })
  }
  it('the -32 correction applies to LMT: 00:20 KST is 23:48 LMT of the previous day', () => {
    expect(chart('2000-01-02T00:20', { regional_correction_minutes: -32, zi_hour_mode: 'split_23' }).split(' ').slice(2)).toEqual(['戊午', '甲子'])
  })
})

describe('Seoul offset history', () => {
  it('+08:30 year 1957: 13:10 local is 未 hour with -32 (LMT 13:08)', () => {
    expect(chart('1957-01-15T13:10', { regional_correction_minutes: -32 }).split(' ')[3]).toMatch(/未$/)
  })
  it('DST year 1988: 13:50 local is 午 hour with -32 (LMT 12:18)', () => {
    expect(chart('1988-07-01T13:50', { regional_correction_minutes: -32 }).split(' ')[3]).toMatch(/午$/)
  })
  it('DST year 1987: 2:30 in the gap is read as 03:30 KDT', () => {
    const t = computeReport({ birth_dt_local: '1987-05-10T02:30', tz: 'Asia/Seoul', gender: 'male' }).time
    expect([t.resolution, t.effective_local, t.utc_instant]).toEqual(['gap_shifted_forward', '1987-05-10T03:30:00', '1987-05-09T17:30:00Z'])
    expect(t.notes.map((n) => n.code)).toEqual(['dst_gap_shifted', 'dst_active'])
  })
})

describe('unknown hour and lunar input', () => {
  it('unknown hour gives three pillars', () => {
    expect(chart('1990-05-15T00:00', { unknown_hour: true }).split(' ')[3]).toBe('')
  })
  it('2020 윤4월 1일 (lunar, leap) is the solar 2020-05-23 chart', () => {
    expect(chart('2020-04-01T12:00', { calendar_type: 'lunar', is_leap_month: true })).toBe(chart('2020-05-23T12:00'))
  })
  it('2020 4월 1일 (lunar, not leap) is the solar 2020-04-23 chart', () => {
    expect(chart('2020-04-01T12:00', { calendar_type: 'lunar' })).toBe(chart('2020-04-23T12:00'))
  })
})

describe('cross-check against lunar-javascript (6tail, sxwnl-based), 1000 random instants 1900-2100', () => {
  it('all four pillars agree in both zi modes', () => {
    // lunar-javascript takes a China Standard Time wall clock for the year/month (its terms are
    // UTC+8), and we give it our LMT wall clock for the day/hour pillars. Its sect 1 changes the
    // day at 23:00 (our default), sect 2 keeps it (our split_23).
    let seed = 20240204
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const lo = Date.UTC(1900, 0, 1),
      hi = Date.UTC(2100, 11, 31)
    const mismatches: string[] = []
    for (let i = 0; i < 1000; i++) {
      const utc = Math.floor((lo + rnd() * (hi - lo)) / 1000) * 1000
      const { previous, next } = surroundingJie(utc)
      if (Math.min(utc - previous.utcMs, next.utcMs - utc) < 60_000) continue // both sides differ by seconds
      const lmt = msToWall(utc + 9 * 3600e3 - 32 * 60e3)
      const cst = msToWall(utc + 8 * 3600e3)
      const ymChar = Solar.fromYmdHms(cst.year, cst.month, cst.day, cst.hour, cst.minute, cst.second).getLunar().getEightChar()
      for (const mode of ['default', 'split_23'] as const) {
        const o = computeFourPillars(utc, lmt, mode, false, p)
        const dh = Solar.fromYmdHms(lmt.year, lmt.month, lmt.day, lmt.hour, lmt.minute, lmt.second).getLunar().getEightChar()
        dh.setSect(mode === 'default' ? 1 : 2)
        const ours = [o.year, o.month, o.day, o.hour!].map(s).join(' ')
        const theirs = [ymChar.getYear(), ymChar.getMonth(), dh.getDay(), dh.getTime()].join(' ')
        if (ours !== theirs) mismatches.push(`${new Date(utc).toISOString()} ${mode}: ${ours} vs ${theirs}`)
      }
    }
    expect(mismatches).toEqual([])
  })
})
