// Whole reports and the luck calculators.
// Hand check: 1990-05-15 12:00 KST, -32, female, unknown hour is 庚午 辛巳 庚辰 (the saju spec's
// own example, spec/saju.openapi.yaml), 편관격 (月 巳 정기 丙 vs 庚), backward 대운 from 辛巳.
import { describe, it, expect } from 'vitest'
import { computeReport, AnnualLuckCalculator, MonthlyLuckCalculator, chartFromRequest, defaultPolicies } from '../../../src/services/saju/engine/index.js'

const req = { birth_dt_local: '1990-05-15T12:00', tz: 'Asia/Seoul', zi_hour_mode: 'split_23' as const, unknown_hour: true, regional_correction_minutes: -32, gender: 'female' as const }

describe('computeReport', () => {
  const r = computeReport(req)
  it('has the top-level keys', () => expect(Object.keys(r)).toEqual(['meta', 'time', 'pillars', 'analysis', 'localization', 'evidence']))
  it('pillars and null hour', () => {
    expect([r.pillars.year.stem + r.pillars.year.branch, r.pillars.month.stem + r.pillars.month.branch, r.pillars.day.stem + r.pillars.day.branch]).toEqual(['庚午', '辛巳', '庚辰'])
    expect(r.pillars.hour).toBeNull()
    expect(r.pillars.day.stem_ko).toBe('경')
  })
  it('time shows each step', () => {
    expect(r.time.utc).toBe('1990-05-15T03:00:00Z')
    expect(r.time.local_mean_time).toBe('1990-05-15T11:28:00')
  })
  it('편관격, 괴강 on the day pillar, 申酉 void', () => {
    expect(r.analysis.gyeokguk.id).toBe('pyeongwan_gyeok')
    expect(r.analysis.shensha.some((s) => s.id === 'goegang')).toBe(true)
    expect(r.analysis.void.day_basis.branches).toEqual(['申', '酉'])
  })
  it('대운 runs backward from 辛巳 for a female with a yang year', () => {
    expect(r.analysis.luck_cycles.direction).toBe('backward')
    expect(r.analysis.luck_cycles.cycles.slice(0, 3).map((c) => c.pillar.ganji)).toEqual(['庚辰', '己卯', '戊寅'])
    // previous 절 is 입하 1990-05-06 03:35 KST; ~9.3 days back / 3 = 3.1 -> 3
    expect(r.analysis.luck_cycles.start_age).toBe(3)
  })
  it('every evidence item names its policy and version', () => {
    for (const e of r.evidence) {
      expect(e.policy).toMatch(/\.json$/)
      expect(e.policy_version).toMatch(/^\d+\.\d+\.\d+$/)
    }
  })
  it('refuses bad input with a reason', () => {
    expect(() => computeReport({ ...req, gender: 'x' as 'male' })).toThrow(/gender/)
    expect(() => computeReport({ ...req, calendar_type: 'lunar', birth_dt_local: '2013-03-01T00:00', is_leap_month: true })).toThrow(/leap month/)
  })
})

describe('luck calculators', () => {
  const p = defaultPolicies()
  const chart = chartFromRequest(req)
  it('세운 2024 is 甲辰 from 입춘', () => {
    const a = new AnnualLuckCalculator(p).compute(chart, 2024)
    expect(a.pillar.ganji).toBe('甲辰')
    expect(a.starts_at.slice(0, 16)).toBe('2024-02-04T08:27')
    expect(a.ten_gods.stem).toBe('pyeonjae') // 甲 vs 庚
  })
  it('월운 2024-03 is 丁卯 from 경칩', () => {
    const m = new MonthlyLuckCalculator(p).compute(chart, 2024, 3)
    expect(m.pillar.ganji).toBe('丁卯')
    expect(m.jie.name_ko).toBe('경칩')
  })
  it('월운 2024-01 belongs to the 癸卯 year (乙丑 month)', () => {
    const m = new MonthlyLuckCalculator(p).compute(chart, 2024, 1)
    expect([m.year_pillar.ganji, m.pillar.ganji]).toEqual(['癸卯', '乙丑'])
  })
})
