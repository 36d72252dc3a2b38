// Saju's global rules on every operation with the real handlers: X-Request-Id (required, echoed
// verbatim as trace_id, a malformed one refused and never reflected), X-RateLimit-* and 429 with
// Retry-After, Korean errors in the contract's shape, every JSON body signed (checked with an
// independent RFC 8785 implementation, npm `canonicalize`), Idempotency-Key scoped per user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProfile, getEntitlements, consumeTokens } from '../../generated/saju/sdk/index.js'
import { examples } from '../../generated/saju/examples.gen.js'
import { issueApiToken } from '../../src/services/saju/security.js'
import { DEMO_USER_ID } from '../../src/services/saju/seed.js'
import { OPERATIONS } from './operations.js'
import { independentSha } from './independent-jcs.js'
import { startSaju, rid, type SajuRig } from './harness.js'

let rig: SajuRig
let demo: ReturnType<SajuRig['client']>
beforeAll(async () => {
  rig = await startSaju()
  const { token } = await issueApiToken(rig.server.deps.db, rig.server.deps.config.secrets.sajuJwtSecret, DEMO_USER_ID, rig.clock.now())
  demo = rig.client(token)
})
afterAll(() => rig?.stop())

describe('on every operation', () => {
  for (const [op, call] of Object.entries(OPERATIONS)) {
    describe(op, () => {
      it('refuses a missing X-Request-Id with 400 and a server-issued trace_id', async () => {
        const { response, error } = await call(demo, {})
        expect(response.status).toBe(400)
        const e = error as any
        expect(e.error_code).toBe('E_BAD_REQUEST')
        expect(e.details.map((d: any) => d.pointer)).toContain('/headers/x-request-id')
        expect(e.trace_id).toMatch(/^[A-Za-z0-9._:-]{8,128}$/)
        expect(e.trace_id).toBe(response.headers.get('x-request-id'))
        expect(e.signatures.sha256).toBe(independentSha(e))
      })

      it('refuses a malformed X-Request-Id with 400 and never reflects it', async () => {
        const bad = 'bad id with spaces <script>'
        const { response, error } = await call(demo, { 'X-Request-Id': bad })
        expect(response.status).toBe(400)
        expect(JSON.stringify(error)).not.toContain('script')
        expect(response.headers.get('x-request-id')).not.toBe(bad)
        expect((error as any).trace_id).not.toBe(bad)
      })

      it('answers with X-RateLimit-*, the X-Request-Id echoed, and a body signed per RFC 8785', async () => {
        const id = rid()
        const { response, data, error } = await call(demo, { 'X-Request-Id': id })
        expect(response.headers.get('x-request-id')).toBe(id)
        for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(response.headers.get(h)).toMatch(/^\d+$/)
        const body = (data ?? error) as any
        if (response.headers.get('content-type')?.includes('application/json')) {
          expect(body.signatures.sha256).toBe(independentSha(body))
          if (body.error_code) expect(body.trace_id).toBe(id)
        }
      })

      it('refuses an unknown bearer token with 401 E_UNAUTHORIZED in Korean', async () => {
        const { response, error } = await call(rig.client('not-a-token'), { 'X-Request-Id': rid() })
        expect(response.status).toBe(401)
        expect(error).toMatchObject({ error_code: 'E_UNAUTHORIZED' })
        expect((error as any).message).toMatch(/[가-힣]/)
      })
    })
  }
})

describe('documented request examples', () => {
  for (const [op, call] of Object.entries(OPERATIONS)) {
    if (op === 'rewardTokens') continue // its receipt is signed by AdMob's key: see reward.test.ts
    it(`${op}: the example gets its documented success status`, async () => {
      const { response, error } = await call(demo, { 'X-Request-Id': rid() })
      const success = Object.keys(examples[op].responses).find((s) => s.startsWith('2'))
      if (op === 'downloadPdfFile' && response.status === 409) return // the seeded job may still be rendering
      expect(String(response.status), JSON.stringify(error)).toBe(success)
    })
  }
})

describe('Idempotency-Key', () => {
  const body = () => structuredClone(Object.values(examples.createProfile.request.body!)[0]) as any

  it('replays the first answer for the same key and body', async () => {
    const u = await rig.user('plus')
    const headers = { 'X-Request-Id': rid(), 'Idempotency-Key': 'idem-replay-000000001' }
    const first = await createProfile({ client: u.client, headers, body: body() })
    const again = await createProfile({ client: u.client, headers, body: body() })
    expect(first.response.status).toBe(201)
    expect(again.data).toEqual(first.data)
    expect(again.response.headers.get('idempotency-replayed')).toBe('true')
  })

  it('answers 422 E_UNPROCESSABLE for the same key with a different body', async () => {
    const u = await rig.user('plus')
    const headers = { 'X-Request-Id': rid(), 'Idempotency-Key': 'idem-conflict-0000001' }
    await createProfile({ client: u.client, headers, body: body() })
    const { response, error } = await createProfile({ client: u.client, headers, body: { ...body(), name: '다른이름' } })
    expect(response.status).toBe(422)
    expect(error).toMatchObject({ error_code: 'E_UNPROCESSABLE', trace_id: headers['X-Request-Id'] })
  })

  it("never replays one user's answer to another using the same key", async () => {
    const a = await rig.user('plus', 10)
    const b = await rig.user('plus', 5)
    const headers = { 'X-Request-Id': rid(), 'Idempotency-Key': 'idem-shared-key-00001' }
    const ra = await consumeTokens({ client: a.client, headers, body: { amount: 1, feature: 'deep_report' } })
    const rb = await consumeTokens({ client: b.client, headers, body: { amount: 1, feature: 'deep_report' } })
    expect(ra.data!.balance_after).toBe(9)
    expect(rb.data!.balance_after).toBe(4)
    expect(rb.response.headers.get('idempotency-replayed')).toBeNull()
  })

  it('does not store a validation failure: the same key then works with a valid body', async () => {
    const u = await rig.user('plus')
    const headers = { 'X-Request-Id': rid(), 'Idempotency-Key': 'idem-after-400-000001' }
    const bad = await createProfile({ client: u.client, headers, body: { ...body(), tz: 'not a zone' } })
    expect(bad.response.status).toBe(400)
    const good = await createProfile({ client: u.client, headers, body: body() })
    expect(good.response.status).toBe(201)
  })
})

describe('rate limit', () => {
  it('answers 429 E_RATE_LIMIT with Retry-After past the limit, per user, and counts 401s per client address', async () => {
    const r = await startSaju({ SAJU_RATE_LIMIT_PER_MIN: '2' })
    try {
      const u = await r.user()
      const v = await r.user()
      const call = (c: typeof u.client) => getEntitlements({ client: c, headers: { 'X-Request-Id': rid() } })
      expect((await call(u.client)).response.headers.get('x-ratelimit-remaining')).toBe('1')
      await call(u.client)
      const third = await call(u.client)
      expect(third.response.status).toBe(429)
      expect(third.error).toMatchObject({ error_code: 'E_RATE_LIMIT' })
      expect(Number(third.response.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await call(v.client)).response.status).toBe(200)
      const anon = r.client('garbage')
      expect((await call(anon)).response.status).toBe(401)
      expect((await call(anon)).response.status).toBe(401)
      expect((await call(anon)).response.status).toBe(429)
    } finally {
      await r.stop()
    }
  })
})

describe("kit refusals in saju's own codes", () => {
  it('415 E_UNSUPPORTED_MEDIA_TYPE, 413 E_PAYLOAD_TOO_LARGE, 405 E_METHOD_NOT_ALLOWED', async () => {
    const u = await rig.user()
    const auth = { authorization: `Bearer ${u.token}`, 'x-request-id': rid() }
    const r415 = await fetch(`${rig.base}/api/v1/tokens/consume`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'amount=1' })
    expect(r415.status).toBe(415)
    expect(await r415.json()).toMatchObject({ error_code: 'E_UNSUPPORTED_MEDIA_TYPE' })
    const r413 = await fetch(`${rig.base}/api/v1/tokens/consume`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1, feature: 'deep_report', reason: 'x'.repeat(2_000_000) }),
    })
    expect(r413.status).toBe(413)
    expect(await r413.json()).toMatchObject({ error_code: 'E_PAYLOAD_TOO_LARGE' })
    const r405 = await fetch(`${rig.base}/api/v1/tokens/consume`, { method: 'DELETE', headers: auth })
    expect(r405.status).toBe(405)
    expect(await r405.json()).toMatchObject({ error_code: 'E_METHOD_NOT_ALLOWED' })
  })
})
