/**
 * The emergency button: L1 by target (node connections dropped with 1012 and running tasks
 * requeued without counting an attempt), one-time L2 confirm codes (wrong, other approver,
 * reused, expired → 403), L2 refusing commands with 503 while it runs, and the reset history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { startOrchestrator, waitFor, type Running } from './harness.js'

let offsetMs = 0
const clock = { now: () => new Date(Date.now() + offsetMs) }
let o: Running
beforeAll(async () => {
  // A hold long enough that a loaded machine still sees the reset in progress where the tests look for it.
  o = await startOrchestrator({ ORCH_CONFIRM_CODE_TTL_SEC: '60', ORCH_RESET_HOLD_MS: '1500' }, clock)
  await o.runner('node-em1', 1)
  await waitFor(
    () => sdk.getNode({ client: o.client, path: { node_id: 'node-em1' } }),
    (r) => r.data?.status === 'online',
    3000,
  )
})
afterAll(() => o.stop())

const noReset = () =>
  waitFor(
    () => sdk.listEmergencyResets({ client: o.client }),
    (r) => r.data!.resets.every((x) => x.status !== 'initiated'),
    3000,
    'reset completed',
  )
const code = async (approver = 'orion') => (await sdk.issueEmergencyConfirmCode({ client: o.client, body: { approver, reason: 'test' } })).data!
const l2 = (confirm_code: string, approver = 'orion') => sdk.emergencyServiceReset({ client: o.client, body: { confirm_code, approver, reason: 'L1 failed' } })

describe('L1 soft reset', () => {
  it('target node: drops the connection with 1012, requeues its running task without an attempt, and the node comes back', async () => {
    const { data } = await sdk.sendDeviceCommand({
      client: o.client,
      path: { device_id: 'device-em1x001' },
      body: { command: 'run_script', params: { script_name: 's', duration: 60 }, timeout: 600 },
    })
    await waitFor(
      () => sdk.getTask({ client: o.client, path: { task_id: data!.task_id } }),
      (r) => r.data?.status === 'running',
      3000,
    )
    const res = await sdk.emergencySoftReset({ client: o.client, body: { target: 'node', node_id: 'node-em1', reason: 'heartbeat lag', approver: 'orion' } })
    expect(res.response.status).toBe(202)
    expect(res.data).toMatchObject({ action: 'soft_reset', status: 'initiated', estimated_recovery: '30s', target: 'node' })
    await waitFor(
      () => o.runners[0].lastClose,
      (c) => c?.code === 1012,
      3000,
      '1012',
    )
    const again = await sdk.emergencySoftReset({ client: o.client, body: { target: 'orchestrator', reason: 'again' } })
    expect(again.error).toMatchObject({ code: 'BIZ_004', details: { reason: 'reset_in_progress', reset_id: res.data!.reset_id } })
    const done = await waitFor(
      () => sdk.getTask({ client: o.client, path: { task_id: data!.task_id } }),
      (r) => r.data?.status === 'completed',
      5000,
      'rerun after reset',
    )
    expect(done.data!.attempts).toBe(1)
    await noReset()
  })

  it('target node: 404 for an unknown node, 409 BIZ_001 for one not connected', async () => {
    expect((await sdk.emergencySoftReset({ client: o.client, body: { target: 'node', node_id: 'node-ghost', reason: 'r' } })).error).toMatchObject({
      code: 'RES_001',
    })
    await o.runner('node-em2', 1, { reconnect: false })
    await o.runners[1].stop()
    await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: 'node-em2' } }),
      (r) => r.data?.status === 'offline',
      3000,
    )
    const r = await sdk.emergencySoftReset({ client: o.client, body: { target: 'node', node_id: 'node-em2', reason: 'r' } })
    expect(r.response.status).toBe(409)
    expect(r.error).toMatchObject({ code: 'BIZ_001', details: { node_id: 'node-em2' } })
  })

  it('target orchestrator: recorded with reason and completed', async () => {
    await noReset()
    const r = await sdk.emergencySoftReset({ client: o.client, body: { target: 'orchestrator', reason: 'API slow' } })
    expect(r.response.status).toBe(202)
    await noReset()
    const { data } = await sdk.listEmergencyResets({ client: o.client, query: { level: 'L1' } })
    expect(data!.resets[0]).toMatchObject({
      id: r.data!.reset_id,
      level: 'L1',
      target: 'orchestrator',
      reason: 'API slow',
      approver: null,
      status: 'completed',
    })
    expect(data!.total).toBe(2)
  })
})

describe('L2 service reset and confirm codes', () => {
  it('issues six-character codes valid for the configured time', async () => {
    const c = await code()
    expect(c.confirm_code).toMatch(/^[A-Z0-9]{6}$/)
    expect(c).toMatchObject({ action: 'service_reset', level: 'L2', approver: 'orion', ttl_seconds: 60 })
    expect(Date.parse(c.expires_at) - Date.parse(c.issued_at)).toBe(60_000)
  })

  it('refuses a wrong code, a code of another approver, and a superseded code', async () => {
    const old = await code()
    const current = await code()
    expect((await l2(old.confirm_code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ')).error).toMatchObject({
      error: 'FORBIDDEN',
      code: 'BIZ_004',
      details: { reason: 'confirm_code_invalid' },
    })
    expect((await l2(current.confirm_code, 'someone-else')).error).toMatchObject({ details: { reason: 'confirm_code_invalid' } })
    const superseded = await l2(old.confirm_code)
    expect(superseded.response.status).toBe(403)
    expect(superseded.error).toMatchObject({ details: { reason: 'confirm_code_invalid' } })
  })

  it('refuses an expired code', async () => {
    const c = await code()
    offsetMs = 61_000
    try {
      expect((await l2(c.confirm_code)).error).toMatchObject({ details: { reason: 'confirm_code_expired' } })
    } finally {
      offsetMs = 0
    }
  })

  it('runs once per code: 202, commands get 503 SRV_003 while it runs, the code cannot be reused', async () => {
    await noReset()
    const c = await code()
    const r = await l2(c.confirm_code)
    expect(r.response.status).toBe(202)
    expect(r.data).toMatchObject({ action: 'service_reset', status: 'initiated', confirm_code: c.confirm_code, approver: 'orion', estimated_recovery: '2m' })
    const blocked = await sdk.sendDeviceCommand({ client: o.client, path: { device_id: 'device-em1x001' }, body: { command: 'reboot' } })
    expect(blocked.response.status).toBe(503)
    expect(blocked.error).toMatchObject({
      error: 'SERVICE_UNAVAILABLE',
      code: 'SRV_003',
      details: { reason: 'service_reset_in_progress', reset_id: r.data!.reset_id },
    })
    expect((await l2(c.confirm_code)).error).toMatchObject({ details: { reason: 'confirm_code_used' } })
    await noReset()
    const { data } = await sdk.listEmergencyResets({ client: o.client, query: { level: 'L2' } })
    expect(data!.resets[0]).toMatchObject({ level: 'L2', action: 'service_reset', target: 'all', approver: 'orion', reason: 'L1 failed', status: 'completed' })
    // Nodes reconnect after the 1012 and take commands again.
    await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: 'node-em1' } }),
      (x) => x.data?.status === 'online',
      3000,
    )
    expect((await sdk.sendDeviceCommand({ client: o.client, path: { device_id: 'device-em1x001' }, body: { command: 'reboot' } })).response.status).toBe(202)
  })
})
