// Profiles over HTTP: every field validated (schema 400s naming the field, engine 422s for dates
// that do not exist), the plan's storage_limit, ownership (another user's id is 404), list and
// delete, and input RFC 8785 cannot represent (a lone surrogate) refused with 400, never stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProfile, getProfile, listProfiles, deleteProfile, getEntitlements } from '../../generated/saju/sdk/index.js'
import { examples } from '../../generated/saju/examples.gen.js'
import { startSaju, rid, type SajuRig } from './harness.js'

let rig: SajuRig
beforeAll(async () => {
  rig = await startSaju()
})
afterAll(() => rig?.stop())

const body = () => structuredClone(Object.values(examples.createProfile.request.body!)[0]) as any
const h = () => ({ 'X-Request-Id': rid() })

describe('profiles', () => {
  it('stores a profile (201) that its owner reads back, lists and deletes; another user gets 404', async () => {
    const u = await rig.user('free')
    const other = await rig.user('free')
    const created = await createProfile({ client: u.client, headers: h(), body: body() })
    expect(created.response.status).toBe(201)
    const id = created.data!.profile_id
    expect(created.data).toMatchObject({
      name: body().name,
      birth_dt_local: body().birth_dt_local,
      unknown_hour: true,
      regional_correction_minutes: -32,
      zi_hour_mode: 'split_23',
    })
    expect((await getProfile({ client: u.client, headers: h(), path: { profile_id: id } })).data!.profile_id).toBe(id)
    expect((await getProfile({ client: other.client, headers: h(), path: { profile_id: id } })).response.status).toBe(404)
    expect((await deleteProfile({ client: other.client, headers: h(), path: { profile_id: id } })).response.status).toBe(404)
    const list = await listProfiles({ client: u.client, headers: h() })
    expect(list.data).toMatchObject({ stored: 1, storage_limit: 3 })
    expect((await deleteProfile({ client: u.client, headers: h(), path: { profile_id: id } })).data).toMatchObject({ deleted: true, stored: 0 })
    expect((await getProfile({ client: u.client, headers: h(), path: { profile_id: id } })).response.status).toBe(404)
  })

  it("enforces the plan's storage_limit with 409 and counts it in entitlements", async () => {
    const u = await rig.user('free')
    for (let i = 0; i < 3; i++)
      expect((await createProfile({ client: u.client, headers: h(), body: { ...body(), name: `사람${i}` } })).response.status).toBe(201)
    const full = await createProfile({ client: u.client, headers: h(), body: body() })
    expect(full.response.status).toBe(409)
    expect(full.error).toMatchObject({ error_code: 'E_CONFLICT' })
    expect((await getEntitlements({ client: u.client, headers: h() })).data).toMatchObject({ stored: 3, storage_limit: 3 })
  })

  const invalid: [string, (b: any) => void, number, string][] = [
    ['a missing name', (b) => delete b.name, 400, '/body'],
    ['an empty name', (b) => (b.name = ''), 400, '/body/name'],
    ['a bad time zone pattern', (b) => (b.tz = 'Seoul'), 400, '/body/tz'],
    ['an unknown enum', (b) => (b.gender = 'other'), 400, '/body/gender'],
    ['a correction out of range', (b) => (b.regional_correction_minutes = 500), 400, '/body/regional_correction_minutes'],
    ['a date that does not exist', (b) => (b.birth_dt_local = '2023-02-30T10:00'), 422, '/birth_dt_local'],
    [
      'a leap month on a solar date',
      (b) => {
        b.calendar_type = 'solar'
        b.is_leap_month = true
      },
      422,
      '/is_leap_month',
    ],
    ['an unknown IANA zone', (b) => (b.tz = 'Asia/Atlantis'), 422, '/tz'],
  ]
  for (const [what, change, status, pointer] of invalid) {
    it(`refuses ${what} with ${status}, naming the field`, async () => {
      const u = await rig.user('free')
      const b = body()
      change(b)
      const r = await createProfile({ client: u.client, headers: h(), body: b })
      expect(r.response.status).toBe(status)
      expect((r.error as any).details.map((d: any) => d.pointer).join(' ')).toContain(pointer)
    })
  }

  it('refuses a name with a lone surrogate ("\\ud800") with 400 and stores nothing', async () => {
    const u = await rig.user('free')
    const raw = JSON.stringify({ ...body(), name: 'X' }).replace('"name":"X"', '"name":"\\ud800김"')
    const res = await fetch(`${rig.base}/api/v1/profiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}`, 'x-request-id': rid(), 'content-type': 'application/json' },
      body: raw,
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error_code: 'E_BAD_REQUEST', details: [{ pointer: '/name' }] })
    expect((await listProfiles({ client: u.client, headers: h() })).data!.stored).toBe(0)
  })
})
