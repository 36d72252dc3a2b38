/**
 * Over a real loopback port, as a frontend would: the generated SDKs with the platform fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient as findoriClient } from '../../generated/findori/sdk/client/index.js'
import { getLatestFeed } from '../../generated/findori/sdk/index.js'
import { createClient as orchClient } from '../../generated/orchestrator/sdk/client/index.js'
import { listDevices } from '../../generated/orchestrator/sdk/index.js'
import type { Server } from '../../src/server.js'
import { testServer, TEST_SECRETS } from '../support/server.js'

let server: Server
let baseUrl: string

beforeAll(async () => {
  server = await testServer({ SERVE_MODE: 'mock' })
  baseUrl = `http://127.0.0.1:${await server.start()}`
})
afterAll(() => server?.stop())

describe('over HTTP', () => {
  it('serves a public findori operation through the SDK', async () => {
    const { data, response } = await getLatestFeed({ client: findoriClient({ baseUrl }) })
    expect(response.status).toBe(200)
    expect(data).toEqual({ date: '2026-02-27' })
  })

  it('serves an authenticated orchestrator list with paging, request id and rate-limit headers', async () => {
    const client = orchClient({ baseUrl })
    const { data, response } = await listDevices({ client, query: { limit: 5 }, headers: { Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` } })
    expect(response.status).toBe(200)
    expect(data).toHaveProperty('devices')
    expect(response.headers.get('x-request-id')).toBeTruthy()
    expect(response.headers.get('x-ratelimit-limit')).toBe('100')
  })

  it('answers raw malformed JSON over the wire in the contract shape', async () => {
    const res = await fetch(`${baseUrl}/api/v1/chat/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{oops' })
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ success: false, error: 'validation_error' })
  })
})
