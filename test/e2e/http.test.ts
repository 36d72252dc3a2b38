/**
 * Over a real loopback port, as a frontend would: the generated SDKs with the platform fetch.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient as findoriClient } from '../../generated/findori/sdk/client/index.js'
import { getLatestFeed } from '../../generated/findori/sdk/index.js'
import { createClient as orchClient } from '../../generated/orchestrator/sdk/client/index.js'
import { listDevices } from '../../generated/orchestrator/sdk/index.js'
import type { Server } from '../../src/server.js'
import { createServer } from '../../src/server.js'
import { createLogger } from '../../src/kit/logger.js'
import { testConfig, testServer, TEST_SECRETS } from '../support/server.js'

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
    const res = await fetch(`${baseUrl}/api/v1/chat/approve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_SECRETS.HITL_API_TOKEN}` },
      body: '{oops',
    })
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ success: false, error: 'validation_error' })
  })

  it('a client that leaves mid-body is settled as a client error and does not disturb the next request', async () => {
    const lines: { msg: string; operationId?: string; status?: number }[] = []
    const logged = await createServer(testConfig({ SERVE_MODE: 'mock', LOG_LEVEL: 'info' }), {
      logger: createLogger('info', {}, (l) => lines.push(JSON.parse(l))),
    })
    await logged.ready()
    const port = await logged.start()
    try {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            'POST /api/devices/device-001/command HTTP/1.1\r\nHost: x\r\n' +
              `Authorization: Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"command":`,
          )
          setTimeout(() => {
            socket.destroy()
            resolve()
          }, 50)
        })
        socket.on('error', reject)
      })
      const client = orchClient({ baseUrl: `http://127.0.0.1:${port}` })
      const { response } = await listDevices({ client, headers: { Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` } })
      expect(response.status).toBe(200)
      const abandoned = lines.find((l) => l.msg === 'request' && l.operationId === 'sendDeviceCommand')
      expect(abandoned?.status).toBe(422) // not a 500, and not left waiting
    } finally {
      await logged.stop()
    }
  })
})
