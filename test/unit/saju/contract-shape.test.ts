// The engine's results validate against the contract: the report (createSajuReport 200) and the luck
// bodies (getAnnualLuck / getMonthlyLuck 200), with the generated validators, for the spec's request
// examples and a seeded spread of random requests (unknown hour, lunar and leap months, both zi
// modes, Seoul's +08:30 and DST years, another zone). `signatures` is what the HTTP layer adds.
import { describe, it, expect } from 'vitest'
import { validators } from '../../../generated/saju/validators.gen.js'
import { examples } from '../../../generated/saju/examples.gen.js'
import { signatureOf } from '../../../src/services/saju/signatures.js'
import { computeReport, AnnualLuckCalculator, MonthlyLuckCalculator, defaultPolicies, type SajuRequest } from '../../../src/services/saju/engine/index.js'

type Validator = ((data: unknown) => boolean) & { errors?: unknown }
const v = validators as unknown as Record<string, Validator>
const signed = (body: object) => ({ ...body, signatures: { sha256: signatureOf(body as Record<string, unknown>) } })
function expectValid(name: string, body: object, label: string) {
  const ok = v[name](signed(body))
  expect(ok, `${label}: ${JSON.stringify(v[name].errors)}`).toBe(true)
}

// mulberry32: a fixed seed keeps the spread reproducible
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const pad = (n: number) => String(n).padStart(2, '0')

function randomRequests(n: number): SajuRequest[] {
  const r = rng(20261124)
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]
  const out: SajuRequest[] = []
  // known Korean leap months (year, month): 2012 윤3, 2017 윤5, 2020 윤4, 2023 윤2
  const leaps: [number, number][] = [
    [2012, 3],
    [2017, 5],
    [2020, 4],
    [2023, 2],
  ]
  for (let i = 0; i < n; i++) {
    const kind = i % 6
    let year = 1900 + Math.floor(r() * 201)
    if (kind === 1) year = pick([1948, 1949, 1950, 1951, 1955, 1956, 1957, 1958, 1959, 1960, 1987, 1988, 1908, 1910, 1954, 1961])
    let month = 1 + Math.floor(r() * 12)
    let day = 1 + Math.floor(r() * 28)
    let calendar: 'solar' | 'lunar' = 'solar'
    let leap = false
    if (kind === 2) {
      calendar = 'lunar'
      day = 1 + Math.floor(r() * 29)
      year = Math.min(year, 2049)
    }
    if (kind === 3) {
      ;[year, month] = pick(leaps)
      calendar = 'lunar'
      leap = true
      day = 1 + Math.floor(r() * 29)
    }
    const hour = kind === 4 ? pick([23, 0]) : Math.floor(r() * 24)
    out.push({
      birth_dt_local: `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(Math.floor(r() * 60))}`,
      tz: kind === 5 ? pick(['America/New_York', 'Europe/London', 'Asia/Tokyo']) : 'Asia/Seoul',
      calendar_type: calendar,
      is_leap_month: leap,
      zi_hour_mode: pick(['default', 'split_23'] as const),
      unknown_hour: r() < 0.25,
      regional_correction_minutes: pick([0, -32, 15]),
      gender: pick(['male', 'female'] as const),
    })
  }
  return out
}

const specExamples = Object.entries(examples.createSajuReport.request.body as Record<string, SajuRequest>)

describe('computeReport validates as createSajuReport 200', () => {
  for (const [name, body] of specExamples) {
    it(`spec request example ${name}`, () => expectValid('createSajuReport_res_200', computeReport(body), name))
  }
  it('150 random requests', () => {
    for (const q of randomRequests(150)) expectValid('createSajuReport_res_200', computeReport(q), JSON.stringify(q))
  })
  it('the notes the spec names appear where they apply', () => {
    const codes = (q: Partial<SajuRequest>) =>
      computeReport({ birth_dt_local: '1990-05-15T12:00', tz: 'Asia/Seoul', gender: 'male', ...q }).time.notes.map((n) => n.code)
    expect(codes({ birth_dt_local: '1988-10-09T02:30+10:00' })).toEqual(['explicit_offset_used', 'dst_active'])
    expect(codes({ birth_dt_local: '1988-10-09T02:30' })).toEqual(['dst_overlap_earlier', 'dst_active'])
    expect(codes({ birth_dt_local: '2020-04-10T08:15', calendar_type: 'lunar', is_leap_month: true })).toEqual(['lunar_converted'])
    expect(codes({ birth_dt_local: '2000-01-01T23:30', zi_hour_mode: 'split_23' })).toEqual(['zi_split_23_applied'])
    // 입춘 2024 is 2024-02-04 17:27 KST: with the hour unknown the chart may be the other year
    expect(codes({ birth_dt_local: '2024-02-04T00:00', unknown_hour: true })).toEqual(['unknown_hour_noon_assumed', 'jie_on_birth_date'])
    expect(codes({ birth_dt_local: '1910-06-01T10:00' })).toEqual(['historical_offset'])
  })
})

describe('luck bodies validate as getAnnualLuck / getMonthlyLuck 200', () => {
  const p = defaultPolicies()
  const annual = new AnnualLuckCalculator(p)
  const monthly = new MonthlyLuckCalculator(p)
  it('spec request examples', () => {
    for (const [name, body] of Object.entries(examples.getAnnualLuck.request.body as Record<string, Parameters<typeof annual.report>[0]>)) {
      expectValid('getAnnualLuck_res_200', annual.report(body), name)
    }
    for (const [name, body] of Object.entries(examples.getMonthlyLuck.request.body as Record<string, Parameters<typeof monthly.report>[0]>)) {
      expectValid('getMonthlyLuck_res_200', monthly.report(body), name)
    }
  })
  it('random requests, with and without gender, every month, to 2100', () => {
    const r = rng(7)
    for (const [i, q] of randomRequests(36).entries()) {
      const base = i % 3 === 0 ? { ...q, gender: undefined } : q
      const year = 1900 + Math.floor(r() * 191)
      expectValid('getAnnualLuck_res_200', annual.report({ ...base, year, span: 1 + (i % 10) }), JSON.stringify(q))
      expectValid('getMonthlyLuck_res_200', monthly.report({ ...base, year, month: 1 + (i % 12) }), JSON.stringify(q))
    }
    expectValid('getAnnualLuck_res_200', annual.report({ ...randomRequests(1)[0], year: 2091, span: 10 }), 'to 2100')
    expectValid('getMonthlyLuck_res_200', monthly.report({ ...randomRequests(1)[0], year: 2100, month: 12 }), 'December 2100')
  })
})
