// Rewarded-ad SSV over HTTP (POST /tokens/reward) against a real key server on loopback with keys
// generated here: a valid receipt credits its signed amount once; forged, tampered, replayed,
// other-user, stale and over-cap rewards credit nothing; the key cache refetches on an unknown
// key_id at most once per 10 s and fails closed when the key server is broken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPairSync } from 'node:crypto'
import { rewardTokens, getEntitlements } from '../../generated/saju/sdk/index.js'
import { startSaju, rid, type SajuRig } from './harness.js'
import { startKeyServer, receiptBody, type KeyServer } from './ssv-fixture.js'

let rig: SajuRig
let ks: KeyServer
beforeAll(async () => {
  ks = await startKeyServer()
  rig = await startSaju({ SAJU_SSV_KEYS_URL: ks.url, SAJU_REWARD_COOLDOWN_SEC: '300', SAJU_REWARD_DAILY_CAP: '3' })
})
afterAll(async () => {
  await rig?.stop()
  await ks?.close()
})

let tx = 0
const nextTx = () => `tx${Date.now().toString(16)}${(++tx).toString().padStart(6, '0')}`
const key = () => ks.keys[0]
const reward = (client: ReturnType<SajuRig['client']>, body: any, extra: Record<string, string> = {}) =>
  rewardTokens({ client, headers: { 'X-Request-Id': rid(), ...extra }, body })
const balance = async (client: ReturnType<SajuRig['client']>) => (await getEntitlements({ client, headers: { 'X-Request-Id': rid() } })).data!.deep_tokens

describe('POST /tokens/reward', () => {
  it('credits the signed reward_amount once and answers an exact retry with the same body', async () => {
    const u = await rig.user('free', 0)
    const body = receiptBody(
      { transaction_id: nextTx(), user_id: u.id, reward_amount: 2, timestamp: rig.clock.now().getTime() - 60_000 },
      key(),
      'rwd-key-000000000001',
    )
    const first = await reward(u.client, body)
    expect(first.response.status, JSON.stringify(first.error)).toBe(200)
    expect(first.data).toMatchObject({ granted: 2, balance: 2, daily_used: 1, cooldown_sec: 300, daily_cap: 3 })
    const again = await reward(u.client, body)
    expect(again.response.status).toBe(200)
    expect({ ...again.data, signatures: null }).toEqual({ ...first.data, signatures: null })
    expect(await balance(u.client)).toBe(2)
  })

  it('refuses the same transaction under another idempotency key with 409 (credited once, ever)', async () => {
    const u = await rig.user('free', 0)
    const r = { transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }
    expect((await reward(u.client, receiptBody(r, key(), 'rwd-key-000000000002'))).response.status).toBe(200)
    const replay = await reward(u.client, receiptBody(r, key(), 'rwd-key-000000000003'))
    expect(replay.response.status).toBe(409)
    expect(await balance(u.client)).toBe(1)
  })

  it('refuses a forged signature (another key pair) with 422 and credits nothing', async () => {
    const u = await rig.user('free', 0)
    const forger = { keyId: key().keyId, privateKey: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey }
    const res = await reward(
      u.client,
      receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, forger, 'rwd-key-000000000004'),
    )
    expect(res.response.status).toBe(422)
    expect(res.error).toMatchObject({ error_code: 'E_UNPROCESSABLE' })
    expect(await balance(u.client)).toBe(0)
  })

  it('refuses a tampered payload (amount raised after signing) with 422', async () => {
    const u = await rig.user('free', 0)
    const body = receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, key(), 'rwd-key-000000000005')
    body.receipt.signed_payload = body.receipt.signed_payload.replace('reward_amount=1', 'reward_amount=50')
    body.receipt.reward_amount = 50
    expect((await reward(u.client, body)).response.status).toBe(422)
    expect(await balance(u.client)).toBe(0)
  })

  it('refuses structured fields that differ from the signed ones with 422', async () => {
    const u = await rig.user('free', 0)
    const body = receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, key(), 'rwd-key-000000000006')
    body.receipt.reward_amount = 9
    expect((await reward(u.client, body)).response.status).toBe(422)
  })

  it("refuses another user's receipt with 403 and credits no one", async () => {
    const u = await rig.user('free', 0)
    const other = await rig.user('free', 0)
    const res = await reward(
      u.client,
      receiptBody({ transaction_id: nextTx(), user_id: other.id, timestamp: rig.clock.now().getTime() }, key(), 'rwd-key-000000000007'),
    )
    expect(res.response.status).toBe(403)
    expect(res.error).toMatchObject({ error_code: 'E_FORBIDDEN' })
    expect(await balance(u.client)).toBe(0)
    expect(await balance(other.client)).toBe(0)
  })

  it('refuses a receipt signed more than 24 h ago with 422', async () => {
    const u = await rig.user('free', 0)
    const res = await reward(
      u.client,
      receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() - 24 * 3600_000 - 1000 }, key(), 'rwd-key-000000000008'),
    )
    expect(res.response.status).toBe(422)
    expect(await balance(u.client)).toBe(0)
  })

  it('enforces the cooldown and the daily cap with 429 + Retry-After', async () => {
    const u = await rig.user('free', 0)
    const at = () => ({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() })
    expect((await reward(u.client, receiptBody(at(), key(), 'rwd-cap-000000000001'))).response.status).toBe(200)
    const cooling = await reward(u.client, receiptBody(at(), key(), 'rwd-cap-000000000002'))
    expect(cooling.response.status).toBe(429)
    expect(Number(cooling.response.headers.get('retry-after'))).toBe(300)
    rig.clock.advance(301_000)
    expect((await reward(u.client, receiptBody(at(), key(), 'rwd-cap-000000000003'))).response.status).toBe(200)
    rig.clock.advance(301_000)
    expect((await reward(u.client, receiptBody(at(), key(), 'rwd-cap-000000000004'))).response.status).toBe(200)
    rig.clock.advance(301_000)
    const capped = await reward(u.client, receiptBody(at(), key(), 'rwd-cap-000000000005'))
    expect(capped.response.status).toBe(429)
    expect((capped.error as any).message).toContain('3회')
    expect(await balance(u.client)).toBe(3)
  })

  it("refuses a header Idempotency-Key that differs from the body's with 400", async () => {
    const u = await rig.user('free', 0)
    const body = receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, key(), 'rwd-key-000000000009')
    const res = await reward(u.client, body, { 'Idempotency-Key': 'rwd-key-00000000000X' })
    expect(res.response.status).toBe(400)
    expect(res.error).toMatchObject({ details: [{ pointer: '/idempotency_key' }] })
  })
})

describe('the key cache', () => {
  it('refetches once on an unknown key_id (a rotated key), then at most once per 10 s', async () => {
    const u = await rig.user('free', 0)
    const before = ks.hits
    const fresh = ks.rotate()
    const ok = await reward(
      u.client,
      receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, fresh, 'rwd-rot-000000000001'),
    )
    expect(ok.response.status, JSON.stringify(ok.error)).toBe(200)
    expect(ks.hits).toBe(before + 1)
    const unknown = { keyId: 123, privateKey: fresh.privateKey }
    rig.clock.advance(301_000)
    await reward(u.client, receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, unknown, 'rwd-rot-000000000002'))
    await reward(u.client, receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, unknown, 'rwd-rot-000000000003'))
    expect(ks.hits).toBe(before + 2)
    rig.clock.advance(10_001)
    await reward(u.client, receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, unknown, 'rwd-rot-000000000004'))
    expect(ks.hits).toBe(before + 3)
  })

  it('fails closed when the key server is malformed or down past the 24 h cache', async () => {
    const u = await rig.user('free', 0)
    ks.mode = 'malformed'
    rig.clock.advance(25 * 3600_000)
    const res = await reward(
      u.client,
      receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, key(), 'rwd-down-00000000001'),
    )
    expect(res.response.status).toBe(422)
    ks.mode = 'down'
    rig.clock.advance(11_000)
    expect(
      (await reward(u.client, receiptBody({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, key(), 'rwd-down-00000000002')))
        .response.status,
    ).toBe(422)
    expect(await balance(u.client)).toBe(0)
    ks.mode = 'ok'
  })
})

describe('GET /tokens/reward/admob-ssv (AdMob calls us)', () => {
  const ssv = (query: string, headers: Record<string, string> = {}) => fetch(`${rig.base}/api/v1/tokens/reward/admob-ssv?${query}`, { headers })

  it('credits with no bearer and no X-Request-Id, answers an exact retry 200 without crediting again, signed and rate-limited', async () => {
    const u = await rig.user('free', 0)
    rig.clock.advance(86_400_000)
    const { callbackQuery } = await import('./ssv-fixture.js')
    const q = callbackQuery({ transaction_id: nextTx(), user_id: u.id, reward_amount: 3, timestamp: rig.clock.now().getTime() }, key())
    const first = await ssv(q)
    expect(first.status).toBe(200)
    const body = await first.json()
    expect(body).toMatchObject({ status: 'credited', user_id: u.id, granted: 3, balance: 3 })
    expect(body.signatures.sha256).toMatch(/^[a-f0-9]{64}$/)
    expect(first.headers.get('x-ratelimit-limit')).toBe('100000')
    const again = await ssv(q)
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ status: 'already_credited', granted: 3, balance: 3 })
    expect(await balance(u.client)).toBe(3)
  })

  it('refuses a tampered callback (4xx, no credit) and an unknown user with 404', async () => {
    const u = await rig.user('free', 0)
    rig.clock.advance(86_400_000)
    const { callbackQuery } = await import('./ssv-fixture.js')
    const q = callbackQuery({ transaction_id: nextTx(), user_id: u.id, timestamp: rig.clock.now().getTime() }, key())
    expect((await ssv(q.replace('reward_amount=1', 'reward_amount=9'))).status).toBe(422)
    expect(await balance(u.client)).toBe(0)
    const ghost = callbackQuery({ transaction_id: nextTx(), user_id: 'u_nobody', timestamp: rig.clock.now().getTime() }, key())
    expect((await ssv(ghost)).status).toBe(404)
  })
})
