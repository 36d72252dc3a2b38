// tz-time: wall clock in an IANA zone -> UTC, with the gap/overlap policy, and local mean time.
// Seoul offsets from the IANA tz database (Asia/Seoul): +08:30 in 1954-03-21..1961-08-09,
// DST (+10:00) 1987-05-10..10-11 and 1988-05-08..10-09, each switching at 02:00/03:00 local.
import { describe, it, expect } from 'vitest'
import { wallToUtc, presentStandardOffset } from '../../../src/services/saju/engine/time/tz-time.js'
import { resolveBirth } from '../../../src/services/saju/engine/time/resolve-birth.js'
import { computeReport } from '../../../src/services/saju/engine/report/compute-report.js'
import { SajuInputError } from '../../../src/services/saju/engine/errors.js'

const wall = (s: string) => {
  const [d, t] = s.split('T')
  const [year, month, day] = d.split('-').map(Number)
  const [hour, minute] = t.split(':').map(Number)
  return { year, month, day, hour, minute, second: 0 }
}
const iso = (ms: number) => new Date(ms).toISOString()

describe('wallToUtc', () => {
  it('uses +09:00 for an ordinary Seoul date', () => {
    expect(iso(wallToUtc(wall('1990-05-15T14:30'), 'Asia/Seoul').utcMs)).toBe('1990-05-15T05:30:00.000Z')
  })
  it('uses +08:30 in 1957', () => {
    const r = wallToUtc(wall('1957-01-15T13:10'), 'Asia/Seoul')
    expect(r.offsetSec).toBe(8.5 * 3600)
    expect(iso(r.utcMs)).toBe('1957-01-15T04:40:00.000Z')
  })
  it('uses +10:00 during 1988 daylight saving time', () => {
    expect(wallToUtc(wall('1988-07-01T13:50'), 'Asia/Seoul').offsetSec).toBe(10 * 3600)
  })
  it('shifts a DST-gap time forward by the gap (1988-05-08 02:30 does not exist)', () => {
    const r = wallToUtc(wall('1988-05-08T02:30'), 'Asia/Seoul')
    expect(r.disambiguation).toBe('gap_shifted_forward')
    expect(iso(r.utcMs)).toBe('1988-05-07T17:30:00.000Z') // = 03:30 KDT
  })
  it('takes the earlier instant in an overlap (1988-10-09 02:30 occurs twice)', () => {
    const r = wallToUtc(wall('1988-10-09T02:30'), 'Asia/Seoul')
    expect(r.disambiguation).toBe('overlap_earlier')
    expect(r.offsetSec).toBe(10 * 3600)
  })
  it('lets an explicit offset choose the later instant of an overlap', () => {
    const r = wallToUtc(wall('1988-10-09T02:30'), 'Asia/Seoul', 9 * 3600)
    expect(r.disambiguation).toBe('explicit_offset')
    expect(iso(r.utcMs)).toBe('1988-10-08T17:30:00.000Z')
  })
  it('refuses an explicit offset the zone never used then', () => {
    expect(() => wallToUtc(wall('1990-05-15T14:30'), 'Asia/Seoul', 8 * 3600)).toThrow(SajuInputError)
  })
  it('handles a DST gap in New York (2021-03-14 02:30)', () => {
    const r = wallToUtc(wall('2021-03-14T02:30'), 'America/New_York')
    expect(iso(r.utcMs)).toBe('2021-03-14T07:30:00.000Z')
  })
  it('reads the present standard offset, not the historical one', () => {
    expect(presentStandardOffset('Asia/Seoul')).toBe(9 * 3600)
    expect(presentStandardOffset('America/New_York')).toBe(-5 * 3600)
  })
})

describe('local mean time', () => {
  const base = { tz: 'Asia/Seoul', gender: 'male' as const, regional_correction_minutes: -32 }
  it('is UTC + 9 h - 32 min in a +08:30 year, not wall - 32 min', () => {
    const r = computeReport({ ...base, birth_dt_local: '1957-01-15T13:10:00' }).time
    expect(r.local_mean_time).toBe('1957-01-15T13:08:00') // naive would be 12:38
    expect(r.offset_used).toBe('+08:30')
    expect(r.dst).toBe(false)
    expect(r.notes.map((n) => n.code)).toEqual(['historical_offset'])
  })
  it('is UTC + 9 h - 32 min in a DST year', () => {
    const r = computeReport({ ...base, birth_dt_local: '1988-07-01T13:50:00' }).time
    expect(r.local_mean_time).toBe('1988-07-01T12:18:00') // naive would be 13:18
    expect([r.offset_used, r.dst, r.notes.map((n) => n.code).join()]).toEqual(['+10:00', true, 'dst_active'])
  })
  it('rejects an unknown zone with a reason', () => {
    expect(() => resolveBirth({ ...base, tz: 'Mars/Olympus', birth_dt_local: '1990-01-01T00:00' })).toThrow(/time zone/)
  })
  it('rejects an impossible Gregorian date', () => {
    expect(() => resolveBirth({ ...base, birth_dt_local: '1990-02-30T00:00' })).toThrow(/no day 30/)
  })
})
