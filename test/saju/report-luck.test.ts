// Reports and luck over HTTP: the engine's full report for inline birth data or a stored profile
// (another user's profile is 404), the luck bodies with meta.cache_ttl_sec and matching
// Cache-Control / ETag, identical requests answered from the cache (same body, same ETag).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSajuReport, getAnnualLuck, getMonthlyLuck, createProfile } from '../../generated/saju/sdk/index.js'
import { examples } from '../../generated/saju/examples.gen.js'
import { startSaju, rid, type SajuRig } from './harness.js'

let rig: SajuRig
beforeAll(async () => {
  rig = await startSaju()
})
afterAll(() => rig?.stop())

const h = () => ({ 'X-Request-Id': rid() })
const first = (op: string) => structuredClone(Object.values(examples[op].request.body as any)[0]) as any

describe('report', () => {
  it("computes the report from a stored profile's birth data and cites the profile", async () => {
    const u = await rig.user('plus')
    const profile = await createProfile({ client: u.client, headers: h(), body: first('createProfile') })
    const body = { ...first('createSajuReport'), profile_id: profile.data!.profile_id, birth_dt_local: '2000-01-01T00:00' }
    const r = await createSajuReport({ client: u.client, headers: h(), body })
    expect(r.response.status).toBe(200)
    expect(r.data!.meta.profile_id).toBe(profile.data!.profile_id)
    expect(r.data!.meta.input.birth_dt_local).toBe('1990-05-15T12:00') // the profile's, not the inline one
    expect([r.data!.pillars.year, r.data!.pillars.month, r.data!.pillars.day].map((p) => p.stem + p.branch)).toEqual(['庚午', '辛巳', '庚辰'])
    expect(r.data!.pillars.hour).toBeNull()
    expect(r.data!.entitlements).toMatchObject({ plan: 'plus', deep_tokens: 3 })
  })

  it("answers 404 for another user's profile_id and 422 for an impossible lunar date", async () => {
    const a = await rig.user('plus')
    const b = await rig.user('plus')
    const profile = await createProfile({ client: a.client, headers: h(), body: first('createProfile') })
    expect(
      (await createSajuReport({ client: b.client, headers: h(), body: { ...first('createSajuReport'), profile_id: profile.data!.profile_id } })).response
        .status,
    ).toBe(404)
    const { profile_id: _p, ...inline } = first('createSajuReport')
    const bad = await createSajuReport({
      client: a.client,
      headers: h(),
      body: { ...inline, calendar_type: 'lunar', is_leap_month: true, birth_dt_local: '2021-04-10T08:00' },
    })
    expect(bad.response.status).toBe(422)
    expect(bad.error).toMatchObject({ error_code: 'E_UNPROCESSABLE' })
  })
})

describe('luck', () => {
  it('annual: meta.cache_ttl_sec 365 d with matching Cache-Control, and the same body and ETag from the cache', async () => {
    const u = await rig.user()
    const body = first('getAnnualLuck')
    const a = await getAnnualLuck({ client: u.client, headers: h(), body })
    rig.clock.advance(60_000)
    const b = await getAnnualLuck({ client: u.client, headers: h(), body })
    expect(a.data!.meta.cache_ttl_sec).toBe(31_536_000)
    expect(a.response.headers.get('cache-control')).toBe('private, max-age=31536000')
    expect(a.response.headers.get('etag')).toBe(`"${a.data!.signatures.sha256}"`)
    expect(b.data).toEqual(a.data) // generated_at unchanged: served from the cache
    expect(b.response.headers.get('etag')).toBe(a.response.headers.get('etag'))
  })

  it('monthly: 30 d TTL and the 입동 2026 instant (≈ 09:52Z)', async () => {
    const u = await rig.user()
    const m = await getMonthlyLuck({ client: u.client, headers: h(), body: first('getMonthlyLuck') })
    expect(m.data!.meta.cache_ttl_sec).toBe(2_592_000)
    expect(m.response.headers.get('cache-control')).toBe('private, max-age=2592000')
    expect(m.data!.solar_term.instant.slice(0, 16)).toBe('2026-11-07T09:52')
  })
})
