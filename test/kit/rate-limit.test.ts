/**
 * Rate limits as the orchestrator seed's table describes them, with the seed's headers, through
 * the generated SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../generated/orchestrator/sdk/client/index.js'
import { listNodes, getHealth } from '../../generated/orchestrator/sdk/index.js'
import type { Server } from '../../src/server.js'
import { inProcessFetch, testServer, TEST_SECRETS } from '../support/server.js'

let server: Server
let client: ReturnType<typeof createClient>

beforeAll(async () => {
  server = await testServer({ SERVE_MODE: 'mock', ORCH_RATE_LIMIT_AUTH_PER_MIN: '3', ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '2' })
  client = createClient({ baseUrl: 'http://test', fetch: inProcessFetch(server) })
})
afterAll(() => server?.stop())

describe('orchestrator rate limits', () => {
  it('puts X-RateLimit-Limit/Remaining/Reset (UTC epoch seconds) on every response', async () => {
    const { response } = await listNodes({ client, headers: { Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-ratelimit-limit')).toBe('3')
    expect(response.headers.get('x-ratelimit-remaining')).toBe('2')
    const reset = Number(response.headers.get('x-ratelimit-reset'))
    const now = Date.now() / 1000
    expect(reset).toBeGreaterThan(now)
    expect(reset).toBeLessThanOrEqual(now + 61)
  })

  it('answers 429 RATE_001 with Retry-After once the token’s window is used up', async () => {
    const auth = { Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` }
    await listNodes({ client, headers: auth })
    await listNodes({ client, headers: auth })
    const { response, error } = await listNodes({ client, headers: auth })
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(error).toMatchObject({ error: 'RATE_LIMITED', code: 'RATE_001', details: { limit: 3, window: '1m' } })
  })

  it('counts unauthenticated requests per client address, apart from tokens', async () => {
    const first = await getHealth({ client })
    expect(first.response.headers.get('x-ratelimit-limit')).toBe('2')
    await getHealth({ client })
    const third = await getHealth({ client })
    expect(third.response.status).toBe(429)
  })
})
