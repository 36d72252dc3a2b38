/**
 * The whole command path with the reference node runner: REST command → `execute` on the node
 * → `task_result` → task completed; nodes, devices and metrics as the runner reported them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { startOrchestrator, waitFor, type Running } from './harness.js'

let o: Running
beforeAll(async () => {
  o = await startOrchestrator()
  await o.runner('node-cmd1', 3)
  await waitFor(
    () => sdk.getNode({ client: o.client, path: { node_id: 'node-cmd1' } }),
    (r) => r.data?.status === 'online',
    3000,
    'node online',
  )
})
afterAll(() => o.stop())

const task = (id: string) => sdk.getTask({ client: o.client, path: { task_id: id } })

describe('command path', () => {
  it('lists the connected node online with its devices and a true total', async () => {
    // The runner reports its devices in paced heartbeats: wait until all three are in.
    const { data } = await waitFor(
      () => sdk.listNodes({ client: o.client, query: { status: 'online' } }),
      (r) => r.data?.nodes[0]?.device_count === 3,
      3000,
      'three devices listed',
    )
    expect(data).toMatchObject({ total: 1, limit: 50, offset: 0 })
    expect(data!.nodes[0]).toMatchObject({ id: 'node-cmd1', status: 'online', device_count: 3, version: '1.0.0', ip: '127.0.0.1' })
  })

  it('counts the total on a page past the end too (it has no row to carry it)', async () => {
    const past = await sdk.listNodes({ client: o.client, query: { status: 'online', offset: 5 } })
    expect(past.data).toEqual({ nodes: [], total: 1, limit: 50, offset: 5 })
    const none = await sdk.listNodes({ client: o.client, query: { status: 'error' } })
    expect(none.data).toEqual({ nodes: [], total: 0, limit: 50, offset: 0 })
  })

  it('shows node detail with devices and the latest metrics', async () => {
    const { data } = await sdk.getNode({ client: o.client, path: { node_id: 'node-cmd1' } })
    expect(data!.devices.map((d) => d.id)).toEqual(['device-cmd1x001', 'device-cmd1x002', 'device-cmd1x003'])
    expect(data!.metrics).toMatchObject({ disk_usage: 30 })
    expect(typeof data!.metrics!.cpu_usage).toBe('number')
  })

  it('pages devices by node with a true total', async () => {
    const { data } = await sdk.listDevices({ client: o.client, query: { node_id: 'node-cmd1', limit: 2, offset: 2 } })
    expect(data).toMatchObject({ total: 3, limit: 2, offset: 2 })
    expect(data!.devices.map((d) => d.id)).toEqual(['device-cmd1x003'])
  })

  it('runs a command to completion: 202 queued with Location, then completed with the result', async () => {
    const res = await sdk.sendDeviceCommand({
      client: o.client,
      path: { device_id: 'device-cmd1x001' },
      body: { command: 'run_script', params: { script_name: 'youtube_watch', duration: 20 }, priority: 'normal', timeout: 60 },
    })
    expect(res.response.status).toBe(202)
    expect(res.data).toMatchObject({ status: 'queued', device_id: 'device-cmd1x001' })
    expect(res.response.headers.get('location')).toBe(`/api/tasks/${res.data!.task_id}`)
    const done = await waitFor(
      () => task(res.data!.task_id),
      (r) => r.data?.status === 'completed',
      5000,
      'task completed',
    )
    expect(done.data).toMatchObject({ attempts: 1, error: null, result: { script_name: 'youtube_watch', total_duration: 20 } })
    expect(done.data!.started_at).not.toBeNull()
    expect(done.data!.finished_at).not.toBeNull()
  })

  it('queues commands for a busy device and runs them one at a time, high before normal', async () => {
    const send = (priority: 'normal' | 'high', duration: number) =>
      sdk.sendDeviceCommand({
        client: o.client,
        path: { device_id: 'device-cmd1x002' },
        body: { command: 'run_script', params: { script_name: 's', duration }, priority, timeout: 600 },
      })
    const first = (await send('normal', 400)).data!.task_id
    await waitFor(
      () => task(first),
      (r) => r.data?.status === 'running',
      3000,
      'first running',
    )
    // The device's own status comes from the runner's paced device_status report: wait for it.
    await waitFor(
      () => sdk.getDevice({ client: o.client, path: { device_id: 'device-cmd1x002' } }),
      (r) => r.data?.status === 'active' && r.data.current_task === first,
      3000,
      'device active',
    )
    const normal = (await send('normal', 1)).data!.task_id
    const high = (await send('high', 1)).data!.task_id
    const device = await sdk.getDevice({ client: o.client, path: { device_id: 'device-cmd1x002' } })
    expect(device.data).toMatchObject({ status: 'active', current_task: first, queue_length: 2, queue_limit: 10, node_status: 'online' })
    const [n, h] = await Promise.all([
      waitFor(
        () => task(normal),
        (r) => r.data?.status === 'completed',
        5000,
      ),
      waitFor(
        () => task(high),
        (r) => r.data?.status === 'completed',
        5000,
      ),
    ])
    expect(h.data!.started_at! < n.data!.started_at!).toBe(true)
  })

  it('cancels a running task: cancelled with the reason, and the node stops it', async () => {
    const { data } = await sdk.sendDeviceCommand({
      client: o.client,
      path: { device_id: 'device-cmd1x003' },
      body: { command: 'run_script', params: { script_name: 's', duration: 1000 }, timeout: 7200 },
    })
    await waitFor(
      () => task(data!.task_id),
      (r) => r.data?.status === 'running',
      3000,
    )
    const res = await sdk.cancelTask({ client: o.client, path: { task_id: data!.task_id }, body: { reason: 'wrong script' } })
    expect(res.response.status).toBe(200)
    expect(res.data).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED', message: 'wrong script' } })
    await waitFor(
      () => o.runners[0].devices.get('device-cmd1x003')!.currentTask,
      (t) => t === null,
      3000,
      'runner stopped the task',
    )
    const again = await sdk.cancelTask({ client: o.client, path: { task_id: data!.task_id } })
    expect(again.response.status).toBe(409)
    expect(again.error).toMatchObject({ code: 'BIZ_004', details: { reason: 'task_already_finished', status: 'cancelled' } })
  })

  it('lists tasks by device, newest first, with a true total', async () => {
    const { data } = await sdk.listTasks({ client: o.client, query: { device_id: 'device-cmd1x002', limit: 1 } })
    expect(data!.total).toBe(3)
    expect(data!.tasks).toHaveLength(1)
    const all = await sdk.listTasks({ client: o.client, query: { node_id: 'node-cmd1', status: 'completed' } })
    expect(all.data!.tasks.every((t) => t.status === 'completed')).toBe(true)
  })

  it('reports a healthy database and hub', async () => {
    const res = await sdk.getHealth({ client: o.client })
    expect(res.response.status).toBe(200)
    expect(res.data).toMatchObject({ status: 'ok', services: { database: 'ok', websocket: 'ok' } })
  })
})
