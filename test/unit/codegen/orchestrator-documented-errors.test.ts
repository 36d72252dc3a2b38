/**
 * What the orchestrator spec documents for request-format failures is what the server sends:
 * for every operation with a request body, a non-JSON body is 415 VAL_006 and an oversized one
 * 413 VAL_005, each valid against the generated validator of that documented status; a list
 * `offset` past its documented maximum (or past 2^53) is 422 VAL_004, never a 500.
 * Real handlers, in process and over loopback HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Server } from '../../../src/server.js'
import { testServer, TEST_SECRETS } from '../../support/server.js'
import { table } from '../../../generated/orchestrator/routes.gen.js'
import { examples } from '../../../generated/orchestrator/examples.gen.js'
import { validators as generatedValidators } from '../../../generated/orchestrator/validators.gen.js'

const validators = generatedValidators as Record<string, ((v: unknown) => boolean) & { errors?: unknown }>
const admin = { Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` }
const withBody = table.routes.filter((r) => r.body)
const lists = table.routes.filter((r) => r.params.query.some((p) => p.name === 'offset'))
const pathOf = (operationId: string, path: string) =>
  path.replace(/\{([^}]+)\}/g, (_, name) => String((examples[operationId].request.params.path as Record<string, unknown>)[name]))

it('five operations take a body and four lists page with offset', () => {
  expect(withBody.map((r) => r.operationId).sort()).toEqual([
    'cancelTask',
    'emergencyServiceReset',
    'emergencySoftReset',
    'issueEmergencyConfirmCode',
    'sendDeviceCommand',
  ])
  expect(lists).toHaveLength(4)
})

for (const transport of ['in process', 'over HTTP'] as const) {
  describe(transport, () => {
    let server: Server
    let base = ''
    beforeAll(async () => {
      server = await testServer({
        BODY_LIMIT_BYTES: '256',
        ORCH_RATE_LIMIT_AUTH_PER_MIN: '100000',
        ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '100000',
        ORCH_RATE_LIMIT_EMERGENCY_PER_10MIN: '100000',
      })
      if (transport === 'over HTTP') base = `http://127.0.0.1:${await server.start()}`
    })
    afterAll(() => server?.stop())
    const send = async (path: string, init: RequestInit = {}) => {
      const res = await (transport === 'in process' ? server.app.request(path, init) : fetch(`${base}${path}`, init))
      return { status: res.status, body: await res.json() }
    }
    const documented = (operationId: string, status: number, body: unknown) => {
      const validate = validators[`${operationId}_res_${status}`]
      expect(validate, `${operationId} documents ${status}`).toBeDefined()
      expect(validate(body), `${operationId} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true)
    }

    it.each(withBody.map((r) => [r.operationId, r] as const))('%s: a text/plain body is 415 VAL_006', async (operationId, route) => {
      const res = await send(pathOf(operationId, route.path), {
        method: route.method.toUpperCase(),
        headers: { ...admin, 'Content-Type': 'text/plain' },
        body: '{}',
      })
      expect(res.status).toBe(415)
      expect(res.body).toMatchObject({
        error: 'UNSUPPORTED_MEDIA_TYPE',
        code: 'VAL_006',
        message: 'Unsupported media type',
        details: { reason: 'expected application/json, got text/plain' },
      })
      documented(operationId, 415, res.body)
    })
    it.each(withBody.map((r) => [r.operationId, r] as const))('%s: a body past BODY_LIMIT_BYTES is 413 VAL_005', async (operationId, route) => {
      const body = JSON.stringify({ reason: 'x'.repeat(300) })
      const res = await send(pathOf(operationId, route.path), {
        method: route.method.toUpperCase(),
        headers: { ...admin, 'Content-Type': 'application/json' },
        body,
      })
      expect(res.status).toBe(413)
      expect(res.body).toMatchObject({
        error: 'PAYLOAD_TOO_LARGE',
        code: 'VAL_005',
        message: 'Payload too large',
        details: { reason: 'body exceeds 256 bytes' },
      })
      documented(operationId, 413, res.body)
    })
    it.each(lists.map((r) => [r.operationId, r] as const))('%s: offset past its maximum is 422 VAL_004; 1000000 is accepted', async (operationId, route) => {
      for (const offset of ['1000001', '1e20', '9223372036854775808']) {
        const res = await send(`${route.path}?offset=${offset}`, { headers: admin })
        expect(res.status, offset).toBe(422)
        expect(res.body).toMatchObject({ code: 'VAL_004', details: { errors: [{ field: 'offset', type: 'out_of_range', pointer: '/query/offset' }] } })
      }
      const res = await send(`${route.path}?offset=1000000`, { headers: admin })
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ offset: 1000000, total: expect.any(Number) })
      documented(operationId, 200, res.body)
    })
  })
}
