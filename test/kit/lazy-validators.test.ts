/**
 * Each contract's validators load on its first request, not at start (they are most of the
 * server's code: loading all five was most of the cold start). The first requests wait for one
 * load, the others' contracts are not loaded, a failed load is a 500 in the contract's shape and
 * is tried again, and `ready()` (the warm-up after listening) loads and compiles every contract.
 */
import { describe, expect, it } from 'vitest'
import { buildContractsApp } from '../../src/kit/app.js'
import type { ContractDefinition } from '../../src/kit/contract.js'
import { createLogger } from '../../src/kit/logger.js'
import { FixedWindowLimiter } from '../../src/kit/rate-limit.js'
import type { ValidateFn } from '../../src/kit/types.js'
import { hitl } from '../../src/services/hitl/index.js'
import { orchestrator } from '../../src/services/orchestrator/index.js'
import { contracts } from '../../src/services/index.js'

/** The definition with its loader counted, and failing while `state.fail` is set. */
function counted(def: ContractDefinition) {
  const state = { loads: 0, fail: false }
  const wrapped: ContractDefinition = {
    ...def,
    loadValidators: async () => {
      state.loads++
      if (state.fail) throw new Error('chunk missing')
      return def.loadValidators()
    },
  }
  return { def: wrapped, state }
}

function appOf(defs: ContractDefinition[]) {
  // Every operation mocked (no handlers): the spec's examples, through the same validators.
  // Any credential passes, for every scheme: this test is about loading, not security.
  const verifiers = new Proxy({}, { get: (_, scheme) => () => ({ scheme: String(scheme), id: 'test' }) })
  return buildContractsApp(
    defs.map((def) => ({ def, binding: { verifiers } })),
    {
      bodyLimitBytes: 1 << 20,
      responseValidation: 'enforce',
      logger: createLogger('error', {}, () => {}),
      limiter: new FixedWindowLimiter(),
      now: () => new Date(),
      mockMarker: true,
    },
  )
}

const list = { headers: { Authorization: 'Bearer t' } }

describe('validators load per contract, on first use', () => {
  it('loads nothing at build; the first request loads its own contract once, not the others', async () => {
    const o = counted(orchestrator)
    const h = counted(hitl)
    const { app } = appOf([o.def, h.def])
    expect([o.state.loads, h.state.loads]).toEqual([0, 0])
    const answers = await Promise.all([1, 2, 3].map(() => app.request('/api/nodes?limit=50&offset=0', list)))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200])
    expect([o.state.loads, h.state.loads]).toEqual([1, 0])
    // Validation is really on once loaded: a bad query is refused in the orchestrator's shape.
    const bad = await app.request('/api/nodes?limit=0', list)
    expect(bad.status).toBe(422)
    expect(await bad.json()).toMatchObject({ error: 'VALIDATION_ERROR' })
    expect(o.state.loads).toBe(1)
  })

  it('a failed load answers 500 in the contract shape and is tried again by the next request', async () => {
    const o = counted(orchestrator)
    o.state.fail = true
    const { app } = appOf([o.def])
    const failed = await app.request('/api/nodes?limit=50&offset=0', list)
    expect(failed.status).toBe(500)
    expect(await failed.json()).toMatchObject({ error: 'INTERNAL_ERROR' })
    o.state.fail = false
    expect((await app.request('/api/nodes?limit=50&offset=0', list)).status).toBe(200)
    expect(o.state.loads).toBe(2)
  })

  it('ready() loads every contract once and compiles every operation of all five', async () => {
    const all = contracts.map(counted)
    const { ready, app } = appOf(all.map((c) => c.def))
    await ready()
    await ready()
    expect(all.map((c) => c.state.loads)).toEqual(contracts.map(() => 1))
    expect((await app.request('/api/nodes?limit=50&offset=0', list)).status).toBe(200)
  })

  it('every validator a route names is generated (a missing one fails the compile)', async () => {
    for (const def of contracts) {
      const validators: Record<string, ValidateFn> = await def.loadValidators()
      for (const route of def.table.routes) {
        const names = [...Object.values(route.validators), ...Object.values(route.responses).map((r) => r.validator)].filter(Boolean) as string[]
        for (const name of names) expect(validators[name], `${def.table.slug} ${name}`).toBeTypeOf('function')
      }
    }
  })
})
