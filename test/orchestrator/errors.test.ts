/**
 * Every error code of the seed over HTTP: AUTH_001–004 (constant-time checks, odd lengths → 401),
 * RES_001–003, VAL_001–004, BIZ_001–004 (and 503 SRV_003 during an L2 in emergency.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { NODE, RawNode, startOrchestrator, waitFor, type Running } from './harness.js'

let o: Running
beforeAll(async () => {
  o = await startOrchestrator({ ORCH_QUEUE_LIMIT: '2' })
  await o.runner('node-err1', 2)
  await waitFor(
    () => sdk.getNode({ client: o.client, path: { node_id: 'node-err1' } }),
    (r) => r.data?.status === 'online',
    3000,
  )
})
afterAll(() => o.stop())

const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${o.base}${path}`, init).then(async (r) => ({ status: r.status, body: await r.json(), headers: r.headers }))
const runScript = (device: string, priority: 'low' | 'normal' | 'high' = 'normal', duration = 1000) =>
  sdk.sendDeviceCommand({
    client: o.client,
    path: { device_id: device },
    body: { command: 'run_script', params: { script_name: 's', duration }, priority, timeout: 7200 },
  })

describe('authentication', () => {
  it('AUTH_003 without an Authorization header', async () => {
    expect((await raw('/api/nodes')).body).toMatchObject({ error: 'UNAUTHORIZED', code: 'AUTH_003', message: 'Token missing' })
  })
  it('AUTH_004 for a header that is not Bearer', async () => {
    expect((await raw('/api/nodes', { headers: { Authorization: 'Basic abc' } })).body).toMatchObject({ code: 'AUTH_004' })
  })
  it('AUTH_001 for the node token on an admin endpoint', async () => {
    const r = await raw('/api/nodes', { headers: { Authorization: `Bearer ${NODE}` } })
    expect(r.status).toBe(401)
    expect(r.body).toMatchObject({ code: 'AUTH_001', message: 'Invalid or expired token' })
  })
  it.each([1, 63, 65, 4000])('a token of unexpected length (%i chars) is a 401, never a 500', async (n) => {
    const r = await raw('/api/nodes', { headers: { Authorization: `Bearer ${'a'.repeat(n)}` } })
    expect(r.status).toBe(401)
    expect(r.body.code).toBe('AUTH_001')
  })
})

describe('unknown resources', () => {
  it('RES_001 unknown node', async () => {
    const r = await sdk.getNode({ client: o.client, path: { node_id: 'node-nope' } })
    expect(r.response.status).toBe(404)
    expect(r.error).toMatchObject({ error: 'NOT_FOUND', code: 'RES_001', details: { node_id: 'node-nope' } })
  })
  it('RES_002 unknown device (detail and command)', async () => {
    expect((await sdk.getDevice({ client: o.client, path: { device_id: 'device-nope' } })).error).toMatchObject({ code: 'RES_002' })
    expect((await runScript('device-nope')).error).toMatchObject({ code: 'RES_002' })
  })
  it('RES_003 unknown task (read and cancel)', async () => {
    expect((await sdk.getTask({ client: o.client, path: { task_id: 'task-nope' } })).error).toMatchObject({ code: 'RES_003' })
    expect((await sdk.cancelTask({ client: o.client, path: { task_id: 'task-nope' } })).error).toMatchObject({ code: 'RES_003' })
  })
})

describe('validation', () => {
  const post = (body: string) =>
    raw('/api/devices/device-err1x001/command', {
      method: 'POST',
      headers: { Authorization: `Bearer ${o.server.deps.config.secrets.orchAdminToken}`, 'Content-Type': 'application/json' },
      body,
    })
  it('VAL_001 for a body that is not JSON', async () => {
    const r = await post('{"command": ')
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ error: 'BAD_REQUEST', code: 'VAL_001' })
  })
  it('VAL_002 for a missing required field, naming it', async () => {
    const r = await post('{}')
    expect(r.status).toBe(422)
    expect(r.body).toMatchObject({ code: 'VAL_002', details: { errors: [{ field: 'command', type: 'missing', pointer: '/body/command' }] } })
  })
  it('VAL_003 for a wrong type', async () => {
    expect((await post('{"command":"reboot","timeout":"soon"}')).body).toMatchObject({ code: 'VAL_003' })
  })
  it('VAL_004 for limit above 100', async () => {
    const r = await raw('/api/nodes?limit=101', { headers: { Authorization: `Bearer ${o.server.deps.config.secrets.orchAdminToken}` } })
    expect(r.body).toMatchObject({ code: 'VAL_004', details: { errors: [{ field: 'limit', pointer: '/query/limit' }] } })
  })
  it('VAL_004 when a run_script duration is not below its timeout', async () => {
    const r = await post('{"command":"run_script","params":{"script_name":"s","duration":600},"timeout":600}')
    expect(r.status).toBe(422)
    expect(r.body).toMatchObject({ code: 'VAL_004', details: { errors: [{ field: 'params.duration', type: 'out_of_range' }] } })
  })
})

describe('business rules', () => {
  it('BIZ_002 for a low-priority command on a busy device; BIZ_003 when its queue is full', async () => {
    const first = await runScript('device-err1x001')
    await waitFor(
      () => sdk.getTask({ client: o.client, path: { task_id: first.data!.task_id } }),
      (r) => r.data?.status === 'running',
      3000,
    )
    const low = await runScript('device-err1x001', 'low')
    expect(low.response.status).toBe(409)
    expect(low.error).toMatchObject({
      code: 'BIZ_002',
      message: 'Device busy',
      details: { device_id: 'device-err1x001', current_task: first.data!.task_id, queue_length: 0 },
    })
    expect((await runScript('device-err1x001')).response.status).toBe(202)
    expect((await runScript('device-err1x001', 'high')).response.status).toBe(202)
    const full = await runScript('device-err1x001')
    expect(full.response.status).toBe(409)
    expect(full.error).toMatchObject({ code: 'BIZ_003', message: 'Task queue full', details: { queue_length: 2, queue_limit: 2 } })
  })

  it('keeps the queue bound under concurrent commands: exactly the limit is queued, the rest BIZ_003', async () => {
    const first = await runScript('device-err1x002')
    await waitFor(
      () => sdk.getTask({ client: o.client, path: { task_id: first.data!.task_id } }),
      (r) => r.data?.status === 'running',
      3000,
    )
    const burst = await Promise.all(Array.from({ length: 8 }, () => runScript('device-err1x002')))
    const statuses = burst.map((r) => r.response.status).sort()
    expect(statuses).toEqual([202, 202, 409, 409, 409, 409, 409, 409])
    expect(burst.filter((r) => r.response.status === 409).every((r) => (r.error as any).code === 'BIZ_003')).toBe(true)
  })

  it('BIZ_004 for a device its node no longer reports (offline)', async () => {
    const node = await RawNode.forNode(o.ws, 'node-err2')
    node.heartbeat('node-err2', [
      { id: 'device-err2x1', status: 'idle' },
      { id: 'device-err2x2', status: 'error' },
    ])
    await waitFor(
      () => sdk.getDevice({ client: o.client, path: { device_id: 'device-err2x2' } }),
      (r) => r.data?.status === 'error',
      3000,
    )
    const errored = await runScript('device-err2x2')
    expect(errored.error).toMatchObject({ code: 'BIZ_004', details: { reason: 'device_error', device_id: 'device-err2x2' } })
    node.heartbeat('node-err2', [{ id: 'device-err2x2', status: 'idle' }])
    await waitFor(
      () => sdk.getDevice({ client: o.client, path: { device_id: 'device-err2x1' } }),
      (r) => r.data?.status === 'offline',
      3000,
    )
    const offline = await runScript('device-err2x1')
    expect(offline.response.status).toBe(409)
    expect(offline.error).toMatchObject({ code: 'BIZ_004', message: 'Operation not allowed', details: { reason: 'device_offline' } })
    node.close()
  })

  it('BIZ_001 once the device’s node is offline', async () => {
    const node = await RawNode.forNode(o.ws, 'node-err3')
    node.heartbeat('node-err3', [{ id: 'device-err3x1', status: 'idle' }])
    await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: 'node-err3' } }),
      (r) => r.data?.status === 'online',
      3000,
    )
    node.close()
    await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: 'node-err3' } }),
      (r) => r.data?.status === 'offline',
      3000,
    )
    const r = await runScript('device-err3x1')
    expect(r.response.status).toBe(409)
    expect(r.error).toMatchObject({ code: 'BIZ_001', message: 'Node offline', details: { node_id: 'node-err3', node_status: 'offline' } })
  })

  it('marks a node offline when its heartbeats stop while connected', async () => {
    const node = await RawNode.forNode(o.ws, 'node-err4')
    node.heartbeat('node-err4', [{ id: 'device-err4x1', status: 'idle' }])
    await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: 'node-err4' } }),
      (r) => r.data?.status === 'online',
      3000,
    )
    const gone = await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: 'node-err4' } }),
      (r) => r.data?.status === 'offline',
      3000,
    )
    expect(gone.data!.devices[0].status).toBe('offline')
    node.close()
  })
})
