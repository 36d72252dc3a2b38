import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSajuReport, getEntitlements, getAnnualLuck, consumeTokens } from '../../generated/saju/sdk/index.js'
import { examples } from '../../generated/saju/examples.gen.js'
import { startSaju, rid, type SajuRig } from './harness.js'

let rig: SajuRig
beforeAll(async () => { rig = await startSaju() })
afterAll(() => rig?.stop())

describe('smoke', () => {
  it('report, luck, entitlements, consume', async () => {
    const u = await rig.user('plus')
    const body = { ...(Object.values(examples.createSajuReport.request.body as any)[1] as any) }
    const r = await createSajuReport({ client: u.client, headers: { 'X-Request-Id': rid() }, body })
    expect(r.response.status, JSON.stringify(r.error)).toBe(200)
    const l = await getAnnualLuck({ client: u.client, headers: { 'X-Request-Id': rid() }, body: { ...body, year: 2026 } as any })
    expect(l.response.status, JSON.stringify(l.error)).toBe(200)
    const e = await getEntitlements({ client: u.client, headers: { 'X-Request-Id': rid() } })
    expect(e.response.status, JSON.stringify(e.error)).toBe(200)
    const c = await consumeTokens({ client: u.client, headers: { 'X-Request-Id': rid() }, body: { amount: 2, feature: 'deep_report' } })
    expect(c.response.status, JSON.stringify(c.error)).toBe(200)
  })
})
