/**
 * The message budget as the AsyncAPI document defines it: answers to the orchestrator's own
 * requests and task_results about the node's own tasks (resent copies included) are never
 * refused, however many; heartbeats, device statuses and task_results about other tasks count.
 */
import { describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { RawNode, startOrchestrator, waitFor } from './harness.js'

const LIMIT = 3
const DEVICES = 6

describe('message budget', () => {
  it('never refuses answers to execute and ping, nor task_results for its tasks (copies acknowledged)', async () => {
    const o = await startOrchestrator({
      ORCH_RATE_LIMIT_WS_MSG_PER_SEC: String(LIMIT),
      ORCH_PING_INTERVAL_MS: '50',
      ORCH_PING_TIMEOUT_MS: '2000',
      ORCH_EXECUTE_TIMEOUT_MS: '5000',
      ORCH_HEARTBEAT_TIMEOUT_MS: '60000',
    })
    try {
      const node = await RawNode.forNode(o.ws, 'node-bud1')
      node.ws.on('message', (d) => {
        const m = JSON.parse(d.toString())
        if (m.method === 'ping') node.send({ jsonrpc: '2.0', result: { pong: true, timestamp: new Date().toISOString() }, id: m.id })
      })
      const devices = Array.from({ length: DEVICES }, (_, i) => ({ id: `device-bud1x${i}`, status: 'idle' }))
      node.heartbeat('node-bud1', devices, 'hb-1')
      await node.next((m) => m.id === 'hb-1')
      const ids = await Promise.all(
        devices.map(async (d) => {
          const res = await sdk.sendDeviceCommand({ client: o.client, path: { device_id: d.id }, body: { command: 'reboot' } })
          expect(res.error).toBeUndefined()
          return res.data!.task_id
        }),
      )
      const executes = await waitFor(
        () => node.messages.filter((m) => m.method === 'execute'),
        (l) => l.length === DEVICES,
        3000,
        'every execute',
      )
      // Everything at once, well past 3 a second: acceptances, results, and each result again.
      for (const e of executes) node.send({ jsonrpc: '2.0', result: { task_id: e.params.task_id, status: 'running' }, id: e.id })
      for (const copy of [1, 2]) {
        for (const e of executes) {
          node.send({
            jsonrpc: '2.0',
            method: 'task_result',
            params: { task_id: e.params.task_id, status: 'completed', result: { ok: true }, error: null },
            id: `tr-${copy}-${e.params.task_id}`,
          })
        }
      }
      const answers = await waitFor(
        () => node.messages.filter((m) => String(m.id).startsWith('tr-')),
        (l) => l.length === 2 * DEVICES,
        5000,
        'every task_result answered',
      )
      expect(answers.filter((a) => a.error)).toEqual([])
      expect(answers.every((a) => a.result?.ok === true)).toBe(true)
      for (const id of ids)
        expect((await sdk.getTask({ client: o.client, path: { task_id: id } })).data).toMatchObject({ status: 'completed', result: { ok: true } })
      // Pings kept coming (every 50 ms) and were answered at once; none of it was refused.
      await waitFor(
        () => node.messages.filter((m) => m.method === 'ping'),
        (l) => l.length > 2,
        3000,
        'pings keep coming',
      )
      expect(node.messages.filter((m) => m.error?.code === -32000)).toEqual([])

      // A copy with another outcome is not a copy: the task already ended.
      node.send({ jsonrpc: '2.0', method: 'task_result', params: { task_id: ids[0], status: 'failed', result: null, error: null }, id: 'tr-other' })
      expect((await node.next((m) => m.id === 'tr-other')).error).toMatchObject({ code: -32003, data: { status: 'completed' } })
      node.close()
    } finally {
      await o.stop()
    }
  })

  it('counts heartbeats, device statuses and task_results about unknown tasks', async () => {
    const o = await startOrchestrator({ ORCH_RATE_LIMIT_WS_MSG_PER_SEC: String(LIMIT) })
    try {
      const node = await RawNode.forNode(o.ws, 'node-bud2')
      // Seven counted messages cannot fit in two one-second windows of three.
      for (let i = 0; i < 4; i++)
        node.send({ jsonrpc: '2.0', method: 'device_status', params: { device_id: 'device-bud2x1', status: 'idle', current_task: null }, id: `ds-${i}` })
      for (let i = 0; i < 3; i++)
        node.send({
          jsonrpc: '2.0',
          method: 'task_result',
          params: { task_id: `task-nobody${i}`, status: 'completed', result: null, error: null },
          id: `tr-${i}`,
        })
      const answers = await waitFor(
        () => node.messages.filter((m) => /^(ds|tr)-/.test(m.id)),
        (l) => l.length === 7,
        3000,
        'seven answers',
      )
      const refused = answers.filter((a) => a.error?.code === -32000)
      expect(refused.length).toBeGreaterThanOrEqual(1)
      expect(refused[0].error.data).toMatchObject({ limit: LIMIT, window: '1s' })
      // What was not refused got its ordinary answer.
      for (const a of answers.filter((x) => !refused.includes(x)))
        expect(a.id.startsWith('ds-') ? a.result?.ok : a.error?.code).toBe(a.id.startsWith('ds-') ? true : -32002)
      node.close()
    } finally {
      await o.stop()
    }
  })
})
