/**
 * Admin sessions over HTTP: the login cookie's attributes, fresh random ids, server-side
 * revocation at logout, the 7-day and idle limits, 401 on every admin route without a valid
 * session, cross-origin state changes refused, and wrong passwords throttled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/findori/sdk/index.js'
import { randomBytes, scryptSync } from 'node:crypto'
import { findori } from '../../src/services/findori/index.js'
import { hashPassword } from '../../src/services/findori/password.js'
import { PASSWORD, startFindori, type Running } from './harness.js'

let f: Running
beforeAll(async () => (f = await startFindori()))
afterAll(() => f.stop())

const scryptHash = (password: string) => {
  const salt = randomBytes(16)
  return `scrypt$16384$8$1$${salt.toString('base64url')}$${scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')}`
}
const session = (cookie: string) => sdk.getAdminSession({ client: f.admin(cookie).client })

describe('login', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict session cookie for 7 days with a fresh 256-bit id each time', async () => {
    const a = await sdk.adminLogin({ client: f.client, body: { password: PASSWORD } })
    const b = await sdk.adminLogin({ client: f.client, body: { password: PASSWORD } })
    expect(a.response.status).toBe(200)
    expect(a.data).toEqual({ ok: true })
    const cookie = a.response.headers.get('set-cookie')!
    for (const attr of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict', 'Max-Age=604800']) expect(cookie).toContain(`; ${attr}`)
    const idA = /^session=([^;]+)/.exec(cookie)![1]
    const idB = /^session=([^;]+)/.exec(b.response.headers.get('set-cookie')!)![1]
    expect(Buffer.from(idA, 'base64url').length).toBeGreaterThanOrEqual(16)
    expect(idA).not.toBe(idB)
    expect((await session(idA)).response.status).toBe(200)
  })

  it('refuses a wrong password with 401 invalid_password and no cookie', async () => {
    const { error, response } = await sdk.adminLogin({ client: f.client, body: { password: 'wrong-password' } })
    expect(response.status).toBe(401)
    expect(error).toMatchObject({ error: 'invalid_password' })
    expect(response.headers.get('set-cookie')).toBeNull()
  })
})

describe('sessions', () => {
  it('answers 401 on every /api/admin/* route without a cookie', async () => {
    const admin = findori.table.routes.filter((r) => r.path.startsWith('/api/admin/') && r.operationId !== 'adminLogin')
    expect(admin.length).toBe(13)
    for (const r of admin) {
      const path = r.path.replace('{date}', '2026-02-27').replace('{id}', '3f6c2a1e-8b4d-4c7a-9e21-5d8f0b6a7c13')
      const res = await fetch(`${f.baseUrl}${path}`, {
        method: r.method.toUpperCase(),
        headers: { 'Content-Type': 'application/json' },
        body: ['get', 'head'].includes(r.method) ? undefined : '{}',
      })
      expect(res.status, `${r.method} ${r.path}`).toBe(401)
      expect(await res.json()).toMatchObject({ error: 'unauthorized' })
    }
  })

  it('refuses a forged cookie', async () => {
    expect((await session('A'.repeat(43))).response.status).toBe(401)
  })

  it('revokes the session at logout: the same cookie is refused afterwards', async () => {
    const cookie = await f.login()
    const out = await sdk.adminLogout({ client: f.admin(cookie).client })
    expect(out.response.status).toBe(200)
    expect(out.response.headers.get('set-cookie')).toMatch(/^session=; .*Max-Age=0/)
    expect((await session(cookie)).response.status).toBe(401)
    expect((await sdk.listSources({ client: f.admin(cookie).client })).response.status).toBe(401)
  })

  it('ends a session left idle longer than FINDORI_SESSION_IDLE_MIN (120 min)', async () => {
    const cookie = await f.login()
    f.clock.advance(119 * 60_000)
    expect((await session(cookie)).response.status).toBe(200)
    f.clock.advance(119 * 60_000) // used 119 min ago: still alive
    expect((await session(cookie)).response.status).toBe(200)
    f.clock.advance(121 * 60_000)
    expect((await session(cookie)).response.status).toBe(401)
  })

  it('ends a session after 7 days even when used all along', async () => {
    const cookie = await f.login()
    for (let h = 0; h < 7 * 24 - 1; h += 1) {
      f.clock.advance(3600_000)
      if (h % 24 === 0) expect((await session(cookie)).response.status).toBe(200)
      else await session(cookie)
    }
    const { data } = await session(cookie)
    expect(new Date(data!.expires_at).getTime()).toBeLessThanOrEqual(f.clock.now().getTime() + 3600_000)
    f.clock.advance(3600_000)
    expect((await session(cookie)).response.status).toBe(401)
  })
})

describe('cross-origin state changes', () => {
  it('refuses a POST marked Sec-Fetch-Site: cross-site with 403 forbidden_origin', async () => {
    const { client } = f.admin(await f.login())
    const { error, response } = await sdk.createSource({
      client,
      headers: { 'Sec-Fetch-Site': 'cross-site' },
      body: { name: '악성', rss_url: 'https://evil.example/rss' },
    })
    expect(response.status).toBe(403)
    expect(error).toMatchObject({ error: 'forbidden_origin' })
    const { data } = await sdk.listSources({ client })
    expect(data!.sources.map((s) => s.name)).not.toContain('악성')
  })

  it('refuses a POST from a foreign Origin when Sec-Fetch-Site is absent', async () => {
    const { client } = f.admin(await f.login())
    const { response } = await sdk.runPipeline({ client, headers: { Origin: 'https://evil.example' } })
    expect(response.status).toBe(403)
  })

  it('accepts same-origin requests (Sec-Fetch-Site: same-origin, or an allowed Origin)', async () => {
    const { client } = f.admin(await f.login())
    const a = await sdk.updateSource({
      client,
      headers: { 'Sec-Fetch-Site': 'same-origin' },
      path: { id: '8d2f5a1c-4b7e-4c9a-a3d6-5e0f1b2c3d74' },
      body: { active: false },
    })
    const b = await sdk.updateSource({
      client,
      headers: { Origin: 'https://admin.findori.test' },
      path: { id: '8d2f5a1c-4b7e-4c9a-a3d6-5e0f1b2c3d74' },
      body: { active: false },
    })
    expect([a.response.status, b.response.status]).toEqual([200, 200])
  })

  it('refuses a cross-site login (login CSRF)', async () => {
    const { response } = await sdk.adminLogin({ client: f.client, headers: { 'Sec-Fetch-Site': 'cross-site' }, body: { password: PASSWORD } })
    expect(response.status).toBe(403)
  })
})

describe('configured hash', () => {
  // One server each (no seed: it is not needed here), so a loaded machine stays within the test's time.
  it.each([
    ['argon2id', () => hashPassword(PASSWORD)],
    ['scrypt', async () => scryptHash(PASSWORD)],
  ])('logs in against a FINDORI_ADMIN_PASSWORD_HASH made with %s, with no plain password configured', async (_kdf, makeHash) => {
    const t = await startFindori({ SEED_EXAMPLES: 'false', FINDORI_ADMIN_PASSWORD: '', FINDORI_ADMIN_PASSWORD_HASH: await makeHash() })
    try {
      expect(t.server.deps.config.secrets.findoriAdminPassword).toBe('')
      expect((await sdk.adminLogin({ client: t.client, body: { password: PASSWORD } })).response.status).toBe(200)
      expect((await sdk.adminLogin({ client: t.client, body: { password: `${PASSWORD}x` } })).response.status).toBe(401)
    } finally {
      await t.stop()
    }
  })
})

describe('throttling', () => {
  it('locks a client out after 5 wrong passwords in 15 minutes, even for the right one, then lets it in again', async () => {
    const t = await startFindori()
    try {
      for (let i = 0; i < 5; i++) expect((await sdk.adminLogin({ client: t.client, body: { password: `wrong-${i}` } })).response.status).toBe(401)
      const locked = await sdk.adminLogin({ client: t.client, body: { password: PASSWORD } })
      expect(locked.response.status).toBe(429)
      expect(locked.error).toMatchObject({ error: 'too_many_attempts' })
      expect(Number(locked.response.headers.get('retry-after'))).toBe(900)
      t.clock.advance(15 * 60_000 + 1000)
      expect((await sdk.adminLogin({ client: t.client, body: { password: PASSWORD } })).response.status).toBe(200)
    } finally {
      await t.stop()
    }
  })
})
