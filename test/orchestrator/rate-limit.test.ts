/**
 * The seed's rate-limit table from configuration: X-RateLimit-* on every response (Reset in
 * UTC epoch seconds), 429 RATE_001 with Retry-After per token, per address when unauthenticated,
 * and the emergency bucket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, startOrchestrator, type Running } from './harness.js'

let o: Running
beforeAll(async () => {
  o = await startOrchestrator({ ORCH_RATE_LIMIT_AUTH_PER_MIN: '3', ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '2', ORCH_RATE_LIMIT_EMERGENCY_PER_10MIN: '2' })
})
afterAll(() => o.stop())

const get = (path: string, token?: string) => fetch(`${o.base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
const post = (path: string, body: unknown) =>
  fetch(`${o.base}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

describe('rate limits', () => {
  it('counts authenticated requests per token and answers 429 RATE_001 with Retry-After', async () => {
    const answers = [await get('/api/nodes', ADMIN), await get('/api/nodes', ADMIN), await get('/api/nodes', ADMIN), await get('/api/nodes', ADMIN)]
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429])
    expect(answers.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0'])
    const reset = Number(answers[0].headers.get('x-ratelimit-reset'))
    const nowSec = Date.now() / 1000
    expect(reset).toBeGreaterThan(nowSec)
    expect(reset).toBeLessThanOrEqual(nowSec + 61)
    const limited = answers[3]
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const body = await limited.json()
    expect(body).toMatchObject({
      error: 'RATE_LIMITED',
      code: 'RATE_001',
      message: 'Too many requests',
      details: { limit: 3, window: '1m', retry_after: Number(limited.headers.get('retry-after')) },
    })
  })

  it('counts unauthenticated requests per client address (health)', async () => {
    const answers = [await get('/health'), await get('/health'), await get('/health')]
    expect(answers.map((r) => r.status)).toEqual([200, 200, 429])
    expect(answers[0].headers.get('x-ratelimit-limit')).toBe('2')
  })

  it('puts the emergency endpoints in their own 10-minute bucket', async () => {
    const a = await post('/api/emergency/confirm-code', { approver: 'orion' })
    expect(a.status).toBe(201)
    expect(a.headers.get('x-ratelimit-limit')).toBe('2')
    const b = await post('/api/emergency/confirm-code', { approver: 'orion' })
    const c = await post('/api/emergency/confirm-code', { approver: 'orion' })
    expect([b.status, c.status]).toEqual([201, 429])
    expect((await c.json()).details).toMatchObject({ limit: 2, window: '10m' })
  })
})
