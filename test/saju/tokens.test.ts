// Users, bearer tokens and the deep-token ledger over HTTP: strict JWT claims, stored tokens
// (unknown or revoked → 401), consume with an insufficient balance refused, 50 concurrent spends
// never taking the balance below zero, and the balance always equal to the ledger's sum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { consumeTokens, getEntitlements } from '../../generated/saju/sdk/index.js'
import { issueUserToken, SAJU_AUDIENCE } from '../../src/services/saju/security.js'
import { findUser, ledgerBalance, ledgerEntries, revokeToken } from '../../src/services/saju/repo.js'
import { checkClaims } from '../../src/services/saju/security.js'
import { startSaju, rid, type SajuRig } from './harness.js'

let rig: SajuRig
beforeAll(async () => {
  rig = await startSaju()
})
afterAll(() => rig?.stop())

const secret = () => new TextEncoder().encode(rig.server.deps.config.secrets.sajuJwtSecret)
const entitlements = (client: ReturnType<SajuRig['client']>) => getEntitlements({ client, headers: { 'X-Request-Id': rid() } })

describe('bearer tokens', () => {
  it('accepts a stored token and answers 401 once it is revoked', async () => {
    const u = await rig.user()
    expect((await entitlements(u.client)).response.status).toBe(200)
    const { jti } = (await checkClaims(rig.server.deps.config.secrets.sajuJwtSecret, u.token, rig.clock.now()))!
    expect(await revokeToken(rig.server.deps.db, jti, rig.clock.now())).toBe(true)
    expect((await entitlements(u.client)).response.status).toBe(401)
  })

  it('answers 401 for a correctly signed token the server never issued (not stored)', async () => {
    const u = await rig.user()
    const forged = await issueUserToken(rig.server.deps.config.secrets.sajuJwtSecret, u.id, rig.clock.now())
    expect((await entitlements(rig.client(forged))).response.status).toBe(401)
  })

  const now = () => Math.floor(rig.clock.now().getTime() / 1000)
  const cases: [string, () => Promise<string>][] = [
    [
      'no exp (would never expire)',
      () => new SignJWT({ sub: 'u_x', jti: 'j1' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(now()).setAudience(SAJU_AUDIENCE).sign(secret()),
    ],
    [
      'an empty sub',
      () =>
        new SignJWT({ sub: '', jti: 'j2' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt(now())
          .setExpirationTime(now() + 600)
          .setAudience(SAJU_AUDIENCE)
          .sign(secret()),
    ],
    [
      'an iat a year ahead',
      () =>
        new SignJWT({ sub: 'u_x', jti: 'j3' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt(now() + 365 * 86400)
          .setExpirationTime(now() + 366 * 86400)
          .setAudience(SAJU_AUDIENCE)
          .sign(secret()),
    ],
    [
      'no iat',
      () =>
        new SignJWT({ sub: 'u_x', jti: 'j4' })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime(now() + 600)
          .setAudience(SAJU_AUDIENCE)
          .sign(secret()),
    ],
    [
      'an expired token',
      () =>
        new SignJWT({ sub: 'u_x', jti: 'j5' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt(now() - 7200)
          .setExpirationTime(now() - 3600)
          .setAudience(SAJU_AUDIENCE)
          .sign(secret()),
    ],
  ]
  for (const [what, make] of cases) {
    it(`answers 401 for a JWT with ${what}`, async () => {
      expect(await checkClaims(rig.server.deps.config.secrets.sajuJwtSecret, await make(), rig.clock.now())).toBeNull()
      expect((await entitlements(rig.client(await make()))).response.status).toBe(401)
    })
  }
})

describe('consume and the ledger', () => {
  it('spends, reports the balance before and after, and refuses an insufficient balance with 409 (nothing spent)', async () => {
    const u = await rig.user('free', 3)
    const ok = await consumeTokens({ client: u.client, headers: { 'X-Request-Id': rid() }, body: { amount: 2, feature: 'deep_report' } })
    expect(ok.data).toMatchObject({ amount: 2, balance_before: 3, balance_after: 1, feature: 'deep_report' })
    const no = await consumeTokens({ client: u.client, headers: { 'X-Request-Id': rid() }, body: { amount: 2, feature: 'deep_report' } })
    expect(no.response.status).toBe(409)
    expect(no.error).toMatchObject({ error_code: 'E_CONFLICT', details: [{ pointer: '/amount' }] })
    expect((await entitlements(u.client)).data!.deep_tokens).toBe(1)
  })

  it('never goes below zero under 50 concurrent spends, and the balance equals the ledger sum', async () => {
    const u = await rig.user('free', 20)
    const results = await Promise.all(
      Array.from({ length: 50 }, () => consumeTokens({ client: u.client, headers: { 'X-Request-Id': rid() }, body: { amount: 1, feature: 'luck_detail' } })),
    )
    const statuses = results.map((r) => r.response.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(20)
    expect(statuses.filter((s) => s === 409)).toHaveLength(30)
    const user = await findUser(rig.server.deps.db, u.id)
    expect(user!.deep_tokens).toBe(0)
    expect(await ledgerBalance(rig.server.deps.db, u.id)).toBe(0)
    const entries = await ledgerEntries(rig.server.deps.db, u.id)
    expect(entries).toHaveLength(21) // the welcome grant + 20 spends
    expect(entries.every((e) => e.balance_after >= 0)).toBe(true)
    expect(new Set(results.filter((r) => r.data).map((r) => r.data!.balance_after)).size).toBe(20)
  })

  it('replays a consume under the same Idempotency-Key without spending twice', async () => {
    const u = await rig.user('free', 5)
    const headers = { 'X-Request-Id': rid(), 'Idempotency-Key': 'consume-once-000000001' }
    const a = await consumeTokens({ client: u.client, headers, body: { amount: 2, feature: 'deep_report' } })
    const b = await consumeTokens({ client: u.client, headers, body: { amount: 2, feature: 'deep_report' } })
    expect(b.data).toEqual(a.data)
    expect((await entitlements(u.client)).data!.deep_tokens).toBe(3)
  })
})

describe('entitlements', () => {
  it('shows the plan, storage, light allowance resetting at KST midnight, deep tokens and the ad state', async () => {
    const u = await rig.user('plus', 4)
    const { data } = await entitlements(u.client)
    expect(data).toMatchObject({
      plan: 'plus',
      storage_limit: 10,
      stored: 0,
      light_daily_limit: 10,
      light_daily_left: 10,
      deep_tokens: 4,
      features: { pdf_report: true },
    })
    // the rig's clock is 2026-11-24T02:00Z = 11:00 KST: the next KST midnight is 15:00Z
    expect(data!.light_resets_at).toBe('2026-11-24T15:00:00Z')
    expect(data!.rewarded_ads).toMatchObject({ cooldown_sec: 300, daily_cap: 5, daily_used: 0, next_eligible_at: null })
  })
})
