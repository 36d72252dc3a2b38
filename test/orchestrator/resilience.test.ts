/**
 * Nothing accepted is lost: a node that reconnects gets its queued tasks, a restarted server
 * (same SQLite file) keeps every queued task, and running tasks of a vanished node follow the
 * lost-task rule (requeued once, then NODE_LOST).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { RawNode, startOrchestrator, waitFor, type Running } from './harness.js'

const dir = mkdtempSync(join(tmpdir(), 'orch-resilience-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const task = (o: Running, id: string) => sdk.getTask({ client: o.client, path: { task_id: id } })
const online = (o: Running, node: string) =>
  waitFor(
    () => sdk.getNode({ client: o.client, path: { node_id: node } }),
    (r) => r.data?.status === 'online',
    3000,
    `${node} online`,
  )
const script = (o: Running, device: string, duration: number) =>
  sdk.sendDeviceCommand({
    client: o.client,
    path: { device_id: device },
    body: { command: 'run_script', params: { script_name: 's', duration }, timeout: 7200 },
  })

describe('reconnect and restart', () => {
  it('delivers queued tasks to a node that reconnects', async () => {
    const o = await startOrchestrator()
    try {
      const runner = await o.runner('node-rc1', 1)
      await online(o, 'node-rc1')
      const first = (await script(o, 'device-rc1x001', 100)).data!.task_id
      await waitFor(
        () => task(o, first),
        (r) => r.data?.status === 'running',
        3000,
      )
      const queued = [(await script(o, 'device-rc1x001', 1)).data!.task_id, (await script(o, 'device-rc1x001', 1)).data!.task_id]
      await runner.drop()
      await waitFor(
        () => sdk.getNode({ client: o.client, path: { node_id: 'node-rc1' } }),
        (r) => r.data?.status === 'offline',
        3000,
      )
      await runner.start()
      for (const id of [first, ...queued])
        await waitFor(
          () => task(o, id),
          (r) => r.data?.status === 'completed',
          5000,
          `${id} completed`,
        )
      // The running task survived the short drop: the node reported it as current again.
      expect((await task(o, first)).data!.attempts).toBe(1)
    } finally {
      await o.stop()
    }
  })

  it('keeps every queued task across a server restart on the same database', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'restart.sqlite')}` }
    const a = await startOrchestrator(env)
    await a.runner('node-rs1', 1, { reconnect: false })
    await online(a, 'node-rs1')
    const running = (await script(a, 'device-rs1x001', 400)).data!.task_id
    await waitFor(
      () => task(a, running),
      (r) => r.data?.status === 'running',
      3000,
    )
    const queued = [(await script(a, 'device-rs1x001', 1)).data!.task_id, (await script(a, 'device-rs1x001', 1)).data!.task_id]
    await a.stop()

    const b = await startOrchestrator(env)
    try {
      for (const id of queued) expect((await task(b, id)).data!.status).toBe('queued')
      await b.runner('node-rs1', 1)
      for (const id of queued)
        await waitFor(
          () => task(b, id),
          (r) => r.data?.status === 'completed',
          5000,
          `${id} completed`,
        )
      // The runner of the first server is gone with its task: requeued once and run again.
      const rerun = await waitFor(
        () => task(b, running),
        (r) => r.data?.status === 'completed',
        5000,
        'lost task rerun',
      )
      expect(rerun.data!.attempts).toBe(2)
    } finally {
      await b.stop()
    }
  })
})

describe('lost-task rule', () => {
  it('requeues a running task of a vanished node once, then fails it with NODE_LOST', async () => {
    const o = await startOrchestrator()
    try {
      const connect = async () => {
        const node = await RawNode.forNode(o.ws, 'node-lost1')
        node.heartbeat('node-lost1', [{ id: 'device-lost1', status: 'idle' }], 'hb')
        await node.next((m) => m.id === 'hb')
        return node
      }
      const accept = async (node: RawNode) => {
        const exec = await node.next((m) => m.method === 'execute')
        node.send({ jsonrpc: '2.0', result: { task_id: exec.params.task_id, status: 'running' }, id: exec.id })
        return exec.params.task_id as string
      }
      const first = await connect()
      const { data } = await sdk.sendDeviceCommand({ client: o.client, path: { device_id: 'device-lost1' }, body: { command: 'reboot' } })
      expect(await accept(first)).toBe(data!.task_id)
      await waitFor(
        () => task(o, data!.task_id),
        (r) => r.data?.status === 'running',
        3000,
      )
      first.close()
      const requeued = await waitFor(
        () => task(o, data!.task_id),
        (r) => r.data?.status === 'queued',
        3000,
        'requeued',
      )
      expect(requeued.data!.attempts).toBe(1)
      const second = await connect()
      expect(await accept(second)).toBe(data!.task_id)
      await waitFor(
        () => task(o, data!.task_id),
        (r) => r.data?.status === 'running' && r.data.attempts === 2,
        3000,
      )
      second.close()
      const failed = await waitFor(
        () => task(o, data!.task_id),
        (r) => r.data?.status === 'failed',
        3000,
        'NODE_LOST',
      )
      expect(failed.data!.error).toMatchObject({ code: 'NODE_LOST' })
    } finally {
      await o.stop()
    }
  })
})
