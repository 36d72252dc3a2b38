/**
 * The reference runner against a hand-driven orchestrator (a plain WebSocket server on
 * loopback): it waits for a server that is not up yet, keeps its counted messages within the
 * budget, sends again what was refused, and keeps every task_result across reconnects until
 * the server answers it.
 */
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { NodeRunner } from '../../src/services/orchestrator/node-runner/runner.js'
import { waitFor } from './harness.js'

interface Seen {
  at: number
  conn: number
  m: any
}

/** A fake orchestrator: records every message with its arrival time; `on` decides the answers. */
class FakeOrchestrator {
  readonly seen: Seen[] = []
  readonly sockets: WebSocket[] = []
  private wss: WebSocketServer | null = null
  on: (m: any, ws: WebSocket, conn: number) => void = () => undefined

  async listen(port: number) {
    this.wss = new WebSocketServer({ host: '127.0.0.1', port })
    await new Promise<void>((resolve) => this.wss!.once('listening', () => resolve()))
    this.wss.on('connection', (ws) => {
      const conn = this.sockets.push(ws)
      ws.on('message', (d) => {
        const parsed = JSON.parse(d.toString())
        for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
          this.seen.push({ at: Date.now(), conn, m })
          this.on(m, ws, conn)
        }
      })
    })
  }

  /** Goes away as a restarting server does (1001), and stops listening. */
  async close() {
    for (const ws of this.sockets) ws.close(1001, 'Going away')
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()))
    this.wss = null
  }

  counted(): Seen[] {
    return this.seen.filter((s) => s.m.method === 'heartbeat' || s.m.method === 'device_status')
  }
}

const ok = (ws: WebSocket, id: unknown) => ws.send(JSON.stringify({ jsonrpc: '2.0', result: { ok: true, timestamp: new Date().toISOString() }, id }))
const limited = (ws: WebSocket, id: unknown, limit: number) =>
  ws.send(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Rate limited', data: { limit, window: '1s', retry_after_ms: 150 } }, id }))
const execute = (ws: WebSocket, taskId: string, deviceId: string, duration: number) =>
  ws.send(
    JSON.stringify({
      jsonrpc: '2.0',
      method: 'execute',
      params: { task_id: taskId, device_id: deviceId, command: 'run_script', args: { duration }, timeout: 60 },
      id: `cmd-${taskId}`,
    }),
  )

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

let cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

describe('reference node runner', () => {
  it('waits for a server not up yet, stays within the budget and sends again what was refused', async () => {
    const LIMIT = 5
    const port = await freePort()
    const logs: string[] = []
    const runner = new NodeRunner({
      url: `ws://127.0.0.1:${port}`,
      nodeId: 'node-fk1',
      token: 't',
      devices: 10,
      heartbeatIntervalMs: 1000,
      msPerSecond: 1,
      messagesPerSec: LIMIT,
      minBackoffMs: 20,
      maxBackoffMs: 100,
      log: (msg) => logs.push(msg),
    })
    const started = runner.start()
    cleanup.push(() => runner.stop())
    await waitFor(
      () => logs.filter((l) => l === 'server not reachable, retrying').length,
      (n) => n >= 2,
      3000,
      'failed attempts',
    )

    const fake = new FakeOrchestrator()
    cleanup.push(() => fake.close())
    const refusedOnce = new Set<string>()
    fake.on = (m, ws, conn) => {
      if (m.method === 'heartbeat' && !refusedOnce.has('hb')) {
        refusedOnce.add('hb')
        // The first heartbeat starts ten tasks at once, then is refused.
        for (const d of runner.devices.keys()) execute(ws, `task-${d.replace('device-', '')}`, d, 5000)
        return limited(ws, m.id, LIMIT)
      }
      // Once all ten are accepted, the connection drops: the runner reports them again.
      if (m.result?.status === 'running' && conn === 1 && fake.seen.filter((s) => s.m.result?.status === 'running').length === 10)
        return ws.close(1001, 'Going away')
      if (m.method === 'task_result' && !refusedOnce.has('tr')) {
        refusedOnce.add('tr')
        return limited(ws, m.id, LIMIT)
      }
      if (m.method) ok(ws, m.id)
    }
    await fake.listen(port)
    await started

    // Reconnected: a heartbeat first (the refused one is not lost), then every running device, paced.
    const statuses = await waitFor(
      () => fake.seen.filter((s) => s.conn === 2 && s.m.method === 'device_status'),
      (l) => l.length === 10,
      5000,
      'ten device statuses',
    )
    for (const s of statuses) expect(s.m.params.current_task).toBe(`task-${s.m.params.device_id.replace('device-', '')}`)
    expect(fake.seen.find((s) => s.conn === 2)!.m.method).toBe('heartbeat')

    const results = () => fake.seen.filter((s) => s.m.method === 'task_result')
    await waitFor(
      () => runner.stats.resultsAcked,
      (n) => n === 10,
      10_000,
      'every result acknowledged',
    )
    // Ten results plus the refused one sent again.
    expect(results()).toHaveLength(11)
    expect(new Set(results().map((s) => s.m.params.task_id)).size).toBe(10)
    expect(runner.unacknowledged).toEqual([])
    // Every acceptance reached the server.
    expect(fake.seen.filter((s) => s.m.result?.status === 'running')).toHaveLength(10)
    // Never more than the budget in any one-second window of the server's clock.
    const perWindow = new Map<number, number>()
    for (const s of fake.counted()) perWindow.set(Math.floor(s.at / 1000), (perWindow.get(Math.floor(s.at / 1000)) ?? 0) + 1)
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(LIMIT)
    expect(runner.stats.refused).toBe(2)
  }, 20_000)

  it('keeps a task_result across a server restart until the server answers it', async () => {
    const port = await freePort()
    const first = new FakeOrchestrator()
    await first.listen(port)
    first.on = (m, ws) => {
      if (m.method === 'heartbeat') execute(ws, 'task-kept1', 'device-fk2x001', 200)
    }
    const runner = new NodeRunner({
      url: `ws://127.0.0.1:${port}/ws/node`,
      nodeId: 'node-fk2',
      token: 't',
      devices: 1,
      heartbeatIntervalMs: 5000,
      msPerSecond: 1,
      minBackoffMs: 20,
      maxBackoffMs: 100,
    })
    await runner.start()
    cleanup.push(() => runner.stop())
    await waitFor(() => first.seen.find((s) => s.m.result?.status === 'running'), Boolean, 3000, 'accepted')
    // The server goes away while the task runs; the result is made while nobody listens.
    await first.close()
    await waitFor(
      () => runner.unacknowledged,
      (u) => u.length === 1,
      3000,
      'result kept',
    )

    // The next server takes the result but goes away before answering it...
    const second = new FakeOrchestrator()
    cleanup.push(() => second.close())
    let answer = false
    second.on = (m, ws, conn) => {
      if (m.method === 'task_result' && answer) return ok(ws, m.id)
      if (m.method === 'task_result') return void setTimeout(() => ws.close(1001, 'Going away'), 20)
      if (m.method && conn > 1) ok(ws, m.id)
    }
    await second.listen(port)
    await waitFor(
      () => second.sockets.length,
      (n) => n >= 2,
      5000,
      'reconnected after the second drop',
    )
    answer = true
    await waitFor(
      () => runner.unacknowledged,
      (u) => u.length === 0,
      5000,
      'result acknowledged',
    )
    // On each connection the kept result is the first thing sent, before the heartbeat.
    const firstOf = (conn: number) => second.seen.find((s) => s.conn === conn)!.m
    expect(firstOf(1)).toMatchObject({ method: 'task_result', params: { task_id: 'task-kept1', status: 'completed' } })
    expect(firstOf(2)).toMatchObject({ method: 'task_result', params: { task_id: 'task-kept1', status: 'completed' } })
    expect(runner.stats).toMatchObject({ resultsSent: 1, resultsAcked: 1 })
    expect(runner.stats.resultsResent).toBeGreaterThanOrEqual(1)
    expect(runner.connected).toBe(true)
  }, 20_000)

  it('accepts an execute for a task it already finished and sends its result again instead of running it twice', async () => {
    const port = await freePort()
    const fake = new FakeOrchestrator()
    cleanup.push(() => fake.close())
    let hold = true
    fake.on = (m, ws) => {
      if (m.method === 'heartbeat' && !fake.seen.some((s) => s.m.method === 'execute')) execute(ws, 'task-twice1', 'device-fk3x001', 10)
      // The first copy goes unanswered: the server lost it (it restarted, say).
      if (m.method === 'task_result' && hold) return
      if (m.method) ok(ws, m.id)
    }
    await fake.listen(port)
    const runner = new NodeRunner({ url: `ws://127.0.0.1:${port}`, nodeId: 'node-fk3', token: 't', devices: 1, heartbeatIntervalMs: 5000, msPerSecond: 1 })
    await runner.start()
    cleanup.push(() => runner.stop())
    await waitFor(
      () => fake.seen.filter((s) => s.m.method === 'task_result').length,
      (n) => n === 1,
      3000,
      'first copy',
    )
    hold = false
    execute(fake.sockets[0], 'task-twice1', 'device-fk3x001', 10)
    const accepted = await waitFor(
      () => fake.seen.filter((s) => s.m.id === 'cmd-task-twice1'),
      (l) => l.length === 2,
      3000,
      'second acceptance',
    )
    expect(accepted[1].m.result).toEqual({ task_id: 'task-twice1', status: 'running' })
    await waitFor(
      () => runner.unacknowledged,
      (u) => u.length === 0,
      3000,
      'acknowledged',
    )
    expect(runner.devices.get('device-fk3x001')!.currentTask).toBeNull()
    expect(runner.stats).toMatchObject({ resultsSent: 1, resultsResent: 1, resultsAcked: 1 })
  })
})
