/**
 * Response validation: a handler whose answer breaks its contract is a 500 in the contract's
 * shape and a log line with the validator's message (`enforce`); `log` answers anyway and logs;
 * `off` does neither. Unexpected exceptions become a 500 without a stack.
 */
import { describe, expect, it } from 'vitest'
import { buildContractsApp } from '../../src/kit/app.js'
import { boundHandlers } from '../../src/kit/contract.js'
import { createLogger } from '../../src/kit/logger.js'
import { FixedWindowLimiter } from '../../src/kit/rate-limit.js'
import type { ResponseValidationMode } from '../../src/kit/operation/mounted.js'
import { hitl } from '../../src/services/hitl/index.js'

function appWith(mode: ResponseValidationMode, approve: () => unknown) {
  const lines: any[] = []
  const logger = createLogger('debug', {}, (l) => lines.push(JSON.parse(l)))
  // Every operation answers with `approve` (only approveDecision is called).
  const handlers = new Proxy({}, { get: () => approve })
  const verifiers = { hitlBearer: (token: string) => (token === 'ok-token' ? { scheme: 'hitlBearer', id: 'test' } : null) }
  const { app } = buildContractsApp([{ def: hitl, binding: { verifiers, handlers: boundHandlers(handlers, {}) } }], {
    bodyLimitBytes: 1 << 20,
    responseValidation: mode,
    logger,
    limiter: new FixedWindowLimiter(),
    now: () => new Date(),
    mockMarker: true,
  })
  const call = () =>
    app.request('/api/v1/chat/approve', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ok-token' },
      body: JSON.stringify({ thread_id: '550e8400-e29b-41d4-a716-446655440000', decision: 'approved' }),
    })
  return { call, lines }
}

const broken = () => ({ status: 200, body: { success: true, unexpected: 'field' } })

describe('response validation', () => {
  it('enforce: a response that breaks the contract becomes a 500 in the contract shape, logged', async () => {
    const { call, lines } = appWith('enforce', broken)
    const res = await call()
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({ success: false, error: 'internal_error' })
    const logged = lines.find((l) => l.msg === 'response breaks contract')
    expect(logged).toMatchObject({ operationId: 'approveDecision', status: 200 })
    expect(logged.problem).toContain('body')
  })

  it('enforce: an undocumented status is a violation too', async () => {
    const { call } = appWith('enforce', () => ({ status: 418, body: {} }))
    expect((await call()).status).toBe(500)
  })

  it('log: answers as the handler said and logs the violation', async () => {
    const { call, lines } = appWith('log', broken)
    const res = await call()
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true, unexpected: 'field' })
    expect(lines.some((l) => l.msg === 'response breaks contract')).toBe(true)
  })

  it('off: no check, no log line', async () => {
    const { call, lines } = appWith('off', broken)
    expect((await call()).status).toBe(200)
    expect(lines.some((l) => l.msg === 'response breaks contract')).toBe(false)
  })

  it('an exception in a handler is a 500 that leaks no stack, logged with it', async () => {
    const { call, lines } = appWith('enforce', () => {
      throw new Error('database exploded at /secret/path.ts:12')
    })
    const res = await call()
    const text = await res.text()
    expect(res.status).toBe(500)
    expect(text).not.toContain('secret')
    expect(JSON.parse(text)).toMatchObject({ error: 'internal_error' })
    expect(lines.find((l) => l.msg === 'unhandled exception')?.stack).toContain('database exploded')
  })
})
