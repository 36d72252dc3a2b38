/**
 * Integers past 2^53 − 1 and non-finite numbers are refused as invalid input by the generated
 * validators (spec/README.md, "Numbers"): first with the generator's own Ajv set-up on a small
 * document (every shape of the rule), then with the committed generated modules themselves,
 * through the query-string coercion path the kit uses and through JSON.parse for bodies.
 */
import { describe, expect, it } from 'vitest'
import { buildAjvs, type ValidatorEntry } from '../../../scripts/codegen/validators.js'
import { safeNumbers } from '../../../scripts/codegen/schemas.js'
import { issuesOf } from '../../../src/kit/validation.js'
import { validationBody } from '../../../src/services/orchestrator/errors.js'
import { validators as orchestratorValidators } from '../../../generated/orchestrator/validators.gen.js'
import { validators as orchestratorWsValidators } from '../../../generated/orchestrator-ws/validators.gen.js'

const MAX = 9007199254740991
// The generated modules are `@ts-nocheck` (their validators object types as `{}`): looked up by name.
const orchestrator = orchestratorValidators as Record<string, unknown>
const orchestratorWs = orchestratorWsValidators as Record<string, unknown>
const doc = {
  components: {
    schemas: {
      Count: { type: 'integer', minimum: 0 },
      Item: { type: 'object', properties: { quantity: { type: 'integer' }, price: { type: 'number' }, count: { $ref: '#/components/schemas/Count' } } },
    },
  },
}
const entries: ValidatorEntry[] = [
  {
    name: 'query',
    kind: 'params',
    schema: {
      type: 'object',
      properties: {
        offset: { type: 'integer', minimum: 0, default: 0 },
        limit: { type: 'integer', minimum: 1, maximum: 100 },
        ratio: { type: 'number' },
        ids: { type: 'array', items: { type: 'integer' } },
        count: { $ref: '#/components/schemas/Count' },
      },
    },
  },
  { name: 'item', kind: 'body', schema: { $ref: '#/components/schemas/Item' } },
  { name: 'itemOut', kind: 'response', schema: { $ref: '#/components/schemas/Item' } },
]
const ajvs = buildAjvs('unit', doc, entries, false)
const query = (q: Record<string, unknown>) => {
  const v = ajvs.params.getSchema('query')!
  const ok = v(q)
  return { ok, keywords: (v.errors ?? []).map((e) => e.keyword), q }
}
const body = (text: string) => {
  const v = ajvs.body.getSchema('item')!
  return { ok: v(JSON.parse(text)), keywords: (v.errors ?? []).map((e) => e.keyword) }
}

describe('query strings (coerced by the params validators)', () => {
  it.each(['1e20', '9223372036854775808', '9007199254740992', '-9007199254740992'])('integer %s is out of range', (raw) => {
    const key = raw.startsWith('-') ? 'ids' : 'offset'
    const r = query({ [key]: raw })
    expect(r.ok).toBe(false)
    expect(r.keywords).toEqual([raw.startsWith('-') ? 'minimum' : 'maximum'])
  })
  it.each(['1e400', '-1e400', 'Infinity'])('%s is refused for integers and numbers alike', (raw) => {
    expect(query({ offset: raw }).ok).toBe(false)
    expect(query({ ratio: raw }).ok).toBe(false)
    expect(query({ ratio: raw }).keywords).toEqual(['x-finite'])
  })
  it('the largest safe integer still passes, coerced to a number', () => {
    const r = query({ offset: String(MAX), ids: ['1', String(-MAX)], ratio: '1e300' })
    expect(r.ok).toBe(true)
    expect(r.q).toEqual({ offset: MAX, ids: [1, -MAX], ratio: 1e300 })
  })
  it('a bound the spec gives is kept, and one through $ref gains the missing side', () => {
    expect(query({ limit: '101' }).keywords).toEqual(['maximum'])
    expect(query({ count: '-1' }).keywords).toEqual(['minimum'])
    expect(query({ count: '9007199254740992' }).keywords).toEqual(['maximum'])
  })
})

describe('JSON bodies', () => {
  it('an integer past 2^53 − 1 is out of range, also inside a referenced schema', () => {
    expect(body('{"quantity": 9223372036854775808}')).toEqual({ ok: false, keywords: ['maximum'] })
    expect(body('{"count": 1e20}')).toEqual({ ok: false, keywords: ['maximum'] })
    expect(body('{"quantity": -9007199254740992}')).toEqual({ ok: false, keywords: ['minimum'] })
  })
  it('1e400 (Infinity after JSON.parse) is not an integer nor a number', () => {
    expect(body('{"quantity": 1e400}')).toEqual({ ok: false, keywords: ['type'] })
    expect(body('{"price": -1e400}')).toEqual({ ok: false, keywords: ['type'] })
  })
  it('large finite numbers and the largest safe integer pass', () => {
    expect(body(`{"quantity": ${MAX}, "price": 1e300, "count": 0}`).ok).toBe(true)
  })
  it('responses are held to the same rule', () => {
    expect(ajvs.response.getSchema('itemOut')!({ quantity: 2 ** 53 })).toBe(false)
  })
})

describe('the rewrite itself', () => {
  it('adds only missing sides; exclusive bounds count; nullable integers are covered', () => {
    expect(safeNumbers({ type: 'integer', exclusiveMaximum: 10 }, false)).toEqual({ type: 'integer', exclusiveMaximum: 10, minimum: -MAX })
    expect(safeNumbers({ type: ['integer', 'null'], exclusiveMinimum: 0 }, false)).toEqual({ type: ['integer', 'null'], exclusiveMinimum: 0, maximum: MAX })
    expect(safeNumbers({ type: 'integer', minimum: 1, maximum: 5 }, false)).toEqual({ type: 'integer', minimum: 1, maximum: 5 })
  })
  it('leaves data, conditions and non-integers alone, but not properties named like keywords', () => {
    const schema = {
      type: 'object',
      default: { type: 'integer' },
      not: { type: 'integer' },
      properties: { default: { type: 'integer' }, name: { type: 'string' } },
    }
    const out = safeNumbers(schema, false)
    expect(out.default).toEqual({ type: 'integer' })
    expect(out.not).toEqual({ type: 'integer' })
    expect(out.properties.default).toEqual({ type: 'integer', maximum: MAX, minimum: -MAX })
    expect(out.properties.name).toEqual({ type: 'string' })
  })
})

describe('the committed generated validators', () => {
  const listNodes = orchestrator.listNodes_query as any
  it('GET /api/nodes?offset=1e20 and offset=9223372036854775808 are 422 VAL_004, not a 500 from SQLite', () => {
    for (const offset of ['1e20', '9223372036854775808']) {
      expect(listNodes({ offset })).toBe(false)
      const { code, details } = validationBody(issuesOf(listNodes, 'query'))
      expect(code).toBe('VAL_004')
      expect(details.errors).toEqual([expect.objectContaining({ field: 'offset', type: 'out_of_range', pointer: '/query/offset' })])
    }
  })
  it('offset=1e400 is refused, and offset=0 still passes with the default limit', () => {
    expect(listNodes({ offset: '1e400' })).toBe(false)
    const q: Record<string, unknown> = { offset: '0' }
    expect(listNodes(q)).toBe(true)
    expect(q).toEqual({ offset: 0, limit: 50 })
  })
  it('a command body with timeout 1e400 is refused as the wrong type (VAL_003)', () => {
    const validate = orchestrator.sendDeviceCommand_body as any
    expect(validate(JSON.parse('{"command": "reboot", "timeout": 1e400}'))).toBe(false)
    expect(validationBody(issuesOf(validate, 'body')).code).toBe('VAL_003')
  })
  it('WebSocket messages: a heartbeat uptime past 2^53 − 1 is refused', () => {
    const heartbeat = (uptime: number) => ({
      jsonrpc: '2.0',
      method: 'heartbeat',
      params: { node_id: 'node-a', timestamp: '2026-01-04T12:00:00Z', metrics: { cpu: 1, memory: 1, disk: 1, uptime_seconds: uptime }, devices: [] },
    })
    const validate = orchestratorWs.heartbeat as any
    expect(validate(heartbeat(10))).toBe(true)
    expect(validate(heartbeat(2 ** 53))).toBe(false)
  })
})
