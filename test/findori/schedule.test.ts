/**
 * The in-process schedule: off unless FINDORI_SCHEDULE is set (tests leave it off), and with the
 * documented `0 13 * * *` it fires at 13:00 UTC = 22:00 KST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFindori } from '../../src/services/findori/wiring.js'
import { testConfig } from '../support/server.js'
import { startFindori, type Running } from './harness.js'

let f: Running
beforeAll(async () => (f = await startFindori()))
afterAll(() => f.stop())

describe('schedule', () => {
  it('is off when FINDORI_SCHEDULE is empty', async () => {
    const svc = createFindori(f.server.deps)
    expect(svc.schedule).toBeNull()
    await svc.close()
  })

  it('runs daily at 13:00 UTC (22:00 KST) with the documented expression', async () => {
    const config = testConfig({ FINDORI_SCHEDULE: '0 13 * * *' })
    const svc = createFindori({ ...f.server.deps, config })
    try {
      expect(svc.schedule!.nextRun(new Date('2026-02-27T12:59:00Z'))!.toISOString()).toBe('2026-02-27T13:00:00.000Z')
      expect(svc.schedule!.nextRun(new Date('2026-02-27T13:00:00Z'))!.toISOString()).toBe('2026-02-28T13:00:00.000Z')
    } finally {
      await svc.close()
    }
  })

  it('refuses an invalid expression at start', () => {
    expect(() => createFindori({ ...f.server.deps, config: testConfig({ FINDORI_SCHEDULE: 'every day' }) })).toThrow()
  })
})
