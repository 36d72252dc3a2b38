/**
 * The request pipeline as a client meets it: request ids, malformed input, limits, routing
 * errors, authentication and rate limits, each answered in the owning contract's own shape.
 * Every case runs twice: in process (`app.request()`, Hono's fetch path) and over loopback HTTP
 * (the served path: operations on the node fast lane, everything else through Hono).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Server } from '../../src/server.js'
import { testServer, TEST_SECRETS } from '../support/server.js'

const admin = { Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` }
const json = { 'Content-Type': 'application/json' }
const hitlJson = { ...json, Authorization: `Bearer ${TEST_SECRETS.HITL_API_TOKEN}` }

for (const transport of ['in process', 'over HTTP'] as const)
  describe(transport, () => {
    let server: Server
    let base = ''

    beforeAll(async () => {
      server = await testServer({ SERVE_MODE: 'mock', BODY_LIMIT_BYTES: '256', ORCH_RATE_LIMIT_AUTH_PER_MIN: '1000', ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '1000' })
      if (transport === 'over HTTP') base = `http://127.0.0.1:${await server.start()}`
    })
    afterAll(() => server?.stop())

    const request = (path: string, init?: RequestInit) => (transport === 'in process' ? server.app.request(path, init) : fetch(`${base}${path}`, init))

    describe('X-Request-Id', () => {
      it('echoes a well-formed client request id', async () => {
        const res = await request('/api/feeds/latest', { headers: { 'X-Request-Id': 'client-req-42' } })
        expect(res.headers.get('x-request-id')).toBe('client-req-42')
      })
      it('replaces a request id that could smuggle text into logs', async () => {
        const res = await request('/api/feeds/latest', { headers: { 'X-Request-Id': 'bad id\twith spaces' } })
        expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/)
      })
      it('generates one when the client sends none, on errors too', async () => {
        const res = await request('/api/nodes')
        expect(res.status).toBe(401)
        const body = await res.json()
        expect(res.headers.get('x-request-id')).toBe(body.request_id)
      })
    })

    describe('malformed requests get the owning contract’s shape', () => {
      it('orchestrator: invalid JSON is 400 BAD_REQUEST VAL_001', async () => {
        const res = await request('/api/devices/device-001/command', { method: 'POST', headers: { ...admin, ...json }, body: '{"command":' })
        expect(res.status).toBe(400)
        expect(await res.json()).toMatchObject({ error: 'BAD_REQUEST', code: 'VAL_001', message: 'Invalid JSON format' })
      })
      it('hitl: invalid JSON is 422 validation_error with success false', async () => {
        const res = await request('/api/v1/chat/approve', { method: 'POST', headers: hitlJson, body: '{' })
        expect(res.status).toBe(422)
        expect(await res.json()).toMatchObject({ success: false, error: 'validation_error' })
      })
      it('findori: a JSON body sent as text/plain is 415 unsupported_media_type', async () => {
        const res = await request('/api/admin/auth/login', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"password":"x"}' })
        expect(res.status).toBe(415)
        expect(await res.json()).toMatchObject({ error: 'unsupported_media_type' })
      })
      it('a streamed body (no Content-Length) that grows past BODY_LIMIT_BYTES is 413 too', async () => {
        const chunk = new TextEncoder().encode(' '.repeat(200))
        const body = new ReadableStream({
          start(controller) {
            for (let i = 0; i < 5; i++) controller.enqueue(chunk)
            controller.close()
          },
        })
        const res = await request('/api/v1/chat/approve', { method: 'POST', headers: hitlJson, body, duplex: 'half' } as RequestInit)
        expect(res.status).toBe(413)
        expect(await res.json()).toMatchObject({ success: false, error: 'payload_too_large' })
      })
      it('a body over BODY_LIMIT_BYTES is 413 in the contract shape', async () => {
        const res = await request('/api/v1/chat/approve', {
          method: 'POST',
          headers: hitlJson,
          body: JSON.stringify({ thread_id: 'x', decision: 'approved', user_notes: 'n'.repeat(1000) }),
        })
        expect(res.status).toBe(413)
        expect(await res.json()).toMatchObject({ success: false, error: 'payload_too_large' })
      })
    })

    describe('validation names the field', () => {
      it('orchestrator: a query parameter out of range is 422 VAL_004 pointing at /query/limit', async () => {
        const res = await request('/api/nodes?limit=1000', { headers: admin })
        expect(res.status).toBe(422)
        const body = await res.json()
        expect(body).toMatchObject({ error: 'VALIDATION_ERROR', code: 'VAL_004' })
        expect(body.details.errors).toEqual([expect.objectContaining({ field: 'limit', pointer: '/query/limit', type: 'out_of_range' })])
      })
      it('orchestrator: query strings are coerced per the schema (limit=10 is an integer)', async () => {
        const res = await request('/api/nodes?limit=10&offset=0', { headers: admin })
        expect(res.status).toBe(200)
      })
      it('orchestrator: a missing body field is VAL_002 naming the field', async () => {
        const res = await request('/api/devices/device-001/command', { method: 'POST', headers: { ...admin, ...json }, body: JSON.stringify({ params: {} }) })
        expect(res.status).toBe(422)
        const body = await res.json()
        expect(body.code).toBe('VAL_002')
        expect(body.details.errors).toContainEqual(expect.objectContaining({ field: 'command', type: 'missing', pointer: '/body/command' }))
      })
      it('findori: a malformed date path parameter is 400 invalid_date', async () => {
        const res = await request('/api/feeds/2026-2-7')
        expect(res.status).toBe(400)
        const body = await res.json()
        expect(body.error).toBe('invalid_date')
        expect(body.details).toContainEqual(expect.objectContaining({ pointer: '/path/date' }))
      })
      it('operator: FastAPI-style 422 with loc and pointer', async () => {
        const operatorAuth = { Authorization: `Bearer ${server.deps.config.secrets.operatorApiToken}` }
        const res = await request('/api/ops/summary/regenerate?confirm=false', { method: 'POST', headers: operatorAuth })
        expect(res.status).toBe(422)
        const body = await res.json()
        expect(body.detail[0]).toMatchObject({ loc: ['query', 'confirm'], pointer: '/query/confirm' })
      })
    })

    describe('routing errors', () => {
      it('an unknown path is 404 in the shape of the contract owning that prefix', async () => {
        const res = await request('/api/feeds/2026-02-27/extra')
        expect(res.status).toBe(404)
        expect(await res.json()).toMatchObject({ error: 'not_found' })
        const orch = await request('/api/nodes/node-001/unknown', { headers: admin })
        expect(await orch.json()).toMatchObject({ error: 'NOT_FOUND', code: 'REQ_001' })
      })
      it('a known path with the wrong method is 405 with Allow', async () => {
        const res = await request('/api/nodes', { method: 'DELETE', headers: admin })
        expect(res.status).toBe(405)
        expect(res.headers.get('allow')).toBe('GET')
        expect(await res.json()).toMatchObject({ error: 'METHOD_NOT_ALLOWED', code: 'REQ_002' })
      })
    })

    describe('orchestrator authentication (the seed’s AUTH codes)', () => {
      const codeFor = async (headers: Record<string, string>) => {
        const res = await request('/api/nodes', { headers })
        expect(res.status).toBe(401)
        return (await res.json()).code
      }
      it('no Authorization header is AUTH_003', async () => expect(await codeFor({})).toBe('AUTH_003'))
      it('a non-Bearer header is AUTH_004', async () => expect(await codeFor({ Authorization: 'Basic YWRtaW46eA==' })).toBe('AUTH_004'))
      it('a wrong token is AUTH_001', async () => expect(await codeFor({ Authorization: 'Bearer nope' })).toBe('AUTH_001'))
      it('the node token on an admin endpoint is AUTH_001', async () =>
        expect(await codeFor({ Authorization: `Bearer ${TEST_SECRETS.ORCH_NODE_TOKEN}` })).toBe('AUTH_001'))
      it('a token of unexpected length is a 401, never a 500', async () =>
        expect(await codeFor({ Authorization: `Bearer ${'x'.repeat(5000)}` })).toBe('AUTH_001'))
    })

    describe('hostile input', () => {
      it('a JSON body nested thousands deep is refused in the contract shape, never a 500', async () => {
        const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)
        const res = await server.app.request('/api/devices/device-001/command', {
          method: 'POST',
          headers: { ...admin, ...json },
          body: `{"command":"run_script","params":${deep}}`,
        })
        expect(res.status).toBe(413) // past the 256-byte limit of this server: refused before parsing
        const limitless = await testServer({ SERVE_MODE: 'mock', BODY_LIMIT_BYTES: '1048576' })
        try {
          const deepRes = await limitless.app.request('/api/devices/device-001/command', {
            method: 'POST',
            headers: { ...admin, ...json },
            body: `{"command":"run_script","params":${deep}}`,
          })
          expect(deepRes.status).toBe(422)
          const body = await deepRes.json()
          expect(body).toMatchObject({ error: 'VALIDATION_ERROR' })
          expect(JSON.stringify(body.details)).toContain('nests deeper than 64 levels')
        } finally {
          await limitless.stop()
        }
      })
      for (const code of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        it(`Prefer: code=${code} is refused as an undocumented status, never a 500`, async () => {
          const res = await request('/api/feeds/latest', { headers: { Prefer: `code=${code}` } })
          expect(res.status).toBe(400)
          expect(await res.json()).toMatchObject({ error: 'invalid_request', details: [expect.objectContaining({ pointer: '/header/Prefer' })] })
        })
      }
      if (transport === 'over HTTP') {
        it('a dot-segment path sent as is answers 404 in the shape of the API owning its prefix', async () => {
          const { request: raw } = await import('node:http')
          for (const [path, shape] of [
            ['/api/tasks/%2e%2e', { error: 'NOT_FOUND', code: 'REQ_001' }],
            ['/api/tasks/..', { error: 'NOT_FOUND', code: 'REQ_001' }],
            ['/api/feeds/%2E', { error: 'not_found' }],
          ] as const) {
            const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
              const req = raw(`${base}${path}`, { path, headers: admin }, (res) => {
                let body = ''
                res.on('data', (c) => (body += c))
                res.on('end', () => resolve({ status: res.statusCode!, body }))
              })
              req.on('error', reject)
              req.end()
            })
            expect(answer.status, path).toBe(404)
            expect(JSON.parse(answer.body), path).toMatchObject(shape)
          }
        })
      }
    })

    describe('mock preferences', () => {
      it('an unknown Prefer example is refused in the contract shape, naming the header', async () => {
        const res = await request('/api/feeds/latest', { headers: { Prefer: 'example=doesNotExist' } })
        expect(res.status).toBe(400)
        expect(await res.json()).toMatchObject({ error: 'invalid_request', details: [expect.objectContaining({ pointer: '/header/Prefer' })] })
      })
    })

    describe('paths the fast lane leaves to Hono are answered alike', () => {
      it('a percent-encoded path parameter is decoded', async () => {
        const res = await request('/api/devices/device%2D001/command', { method: 'POST', headers: { ...admin, ...json }, body: JSON.stringify({ params: {} }) })
        expect(res.status).toBe(422)
        expect((await res.json()).code).toBe('VAL_002')
      })
      it('a trailing slash is not the route', async () => {
        const res = await request('/api/nodes/', { headers: admin })
        expect(res.status).toBe(404)
        expect(await res.json()).toMatchObject({ code: 'REQ_001' })
      })
      it('HEAD answers like GET without a body', async () => {
        const res = await request('/api/nodes', { method: 'HEAD', headers: admin })
        expect(res.status).toBe(200)
        expect(res.headers.get('x-request-id')).toBeTruthy()
        expect(await res.text()).toBe('')
      })
      it('an empty path segment is not a parameter', async () => {
        const res = await request('/api/devices//command', { method: 'POST', headers: { ...admin, ...json }, body: '{}' })
        expect(res.status).toBe(404)
      })
    })
  })
