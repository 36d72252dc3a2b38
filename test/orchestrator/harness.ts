/**
 * A real orchestrator on a loopback port with short timings, an SDK client holding the admin
 * token, reference runners and raw WebSocket nodes, and `waitFor` for asynchronous outcomes.
 */
import WebSocket from 'ws'
import { createServer, type Server } from '../../src/server.js'
import { testConfig, TEST_SECRETS } from '../support/server.js'
import { freshDatabaseUrl } from '../support/database.js'
import { createClient } from '../../generated/orchestrator/sdk/client/index.js'
import { NodeRunner, type RunnerOptions } from '../../src/services/orchestrator/node-runner/runner.js'
import type { Clock } from '../../src/deps.js'

export const ADMIN = TEST_SECRETS.ORCH_ADMIN_TOKEN
export const NODE = TEST_SECRETS.ORCH_NODE_TOKEN

/** Timings short enough for tests; limits high unless a test is about them. */
export const FAST = {
  ORCH_HEARTBEAT_INTERVAL_MS: '100',
  ORCH_HEARTBEAT_TIMEOUT_MS: '600',
  ORCH_PING_INTERVAL_MS: '60000',
  ORCH_PING_TIMEOUT_MS: '300',
  ORCH_EXECUTE_TIMEOUT_MS: '400',
  ORCH_RESET_HOLD_MS: '150',
  ORCH_RATE_LIMIT_AUTH_PER_MIN: '100000',
  ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '100000',
  ORCH_RATE_LIMIT_EMERGENCY_PER_10MIN: '100000',
  ORCH_RATE_LIMIT_WS_MSG_PER_SEC: '1000',
}

export interface Running {
  server: Server
  port: number
  base: string
  ws: string
  client: ReturnType<typeof createClient>
  runners: NodeRunner[]
  runner(nodeId: string, devices: number, extra?: Partial<RunnerOptions>): Promise<NodeRunner>
  stop(): Promise<void>
}

export async function startOrchestrator(env: Record<string, string> = {}, clock?: Clock): Promise<Running> {
  const settings: Record<string, string> = { DATABASE_URL: await freshDatabaseUrl(), ...FAST, ...env }
  const server = await createServer(
    testConfig({ ...settings, ...(process.env.TEST_LOG_LEVEL ? { LOG_LEVEL: process.env.TEST_LOG_LEVEL } : {}) }),
    clock ? { clock } : {},
  )
  await server.ready()
  const port = await server.start()
  const base = `http://127.0.0.1:${port}`
  const runners: NodeRunner[] = []
  const r: Running = {
    server,
    port,
    base,
    ws: `ws://127.0.0.1:${port}`,
    client: createClient({ baseUrl: base, headers: { Authorization: `Bearer ${ADMIN}` } }),
    runners,
    async runner(nodeId, devices, extra = {}) {
      const budget = Number(settings.ORCH_RATE_LIMIT_WS_MSG_PER_SEC)
      const runner = new NodeRunner({ url: r.ws, nodeId, token: NODE, devices, heartbeatIntervalMs: 100, msPerSecond: 5, messagesPerSec: budget, ...extra })
      runners.push(runner)
      await runner.start()
      return runner
    },
    async stop() {
      await Promise.all(runners.map((x) => x.stop()))
      await server.stop()
    },
  }
  return r
}

export async function waitFor<T>(probe: () => Promise<T> | T, ok: (v: T) => boolean = Boolean, timeoutMs = 5000, label = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: T
  for (;;) {
    last = await probe()
    if (ok(last)) return last
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}; last value: ${JSON.stringify(last)?.slice(0, 500)}`)
    await new Promise((res) => setTimeout(res, 25))
  }
}

/** A hand-driven node: sends any frame, collects every message and the close code. */
export class RawNode {
  readonly messages: any[] = []
  closed: { code: number; reason: string } | null = null
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.messages.push(JSON.parse(d.toString())))
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }))
  }

  static connect(base: string, query: string): Promise<RawNode> {
    const ws = new WebSocket(`${base}/ws/node${query}`)
    const node = new RawNode(ws)
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(node))
      ws.once('error', reject)
    })
  }

  static forNode(base: string, nodeId: string) {
    return RawNode.connect(base, `?token=${NODE}&node_id=${nodeId}`)
  }

  send(m: unknown) {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m))
  }

  heartbeat(nodeId: string, devices: { id: string; status: string; serial?: string }[], id?: string | number) {
    this.send({
      jsonrpc: '2.0',
      method: 'heartbeat',
      params: { node_id: nodeId, timestamp: new Date().toISOString(), metrics: { cpu: 10, memory: 20, disk: 30 }, devices },
      ...(id === undefined ? {} : { id }),
    })
  }

  /** The first collected message matching `pred` (waits for it). */
  next(pred: (m: any) => boolean, timeoutMs = 3000): Promise<any> {
    return waitFor(
      () => this.messages.find(pred),
      (m) => m !== undefined,
      timeoutMs,
      'a message',
    )
  }

  waitClosed(timeoutMs = 3000) {
    return waitFor(
      () => this.closed,
      (c) => c !== null,
      timeoutMs,
      'close',
    )
  }

  close() {
    this.ws.close()
  }
}
