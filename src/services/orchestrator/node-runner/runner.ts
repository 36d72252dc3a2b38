/**
 * The reference node runner (the node side of spec/orchestrator.asyncapi.yaml): connects with
 * its token and node id, heartbeats with metrics and its devices, reports device status, answers
 * ping, accepts `execute` (−32010 when the device is busy) and reports `task_result`, honours
 * `cancel`. A 1012 (emergency reset: the server requeued its running tasks) abandons what was
 * running.
 *
 * Delivery (asyncapi "Rate Limiting" and "재접속과 유실 방지"): answers to the orchestrator's
 * requests and `task_result`s are outside the message budget and go out at once; heartbeats and
 * device statuses are counted, so they wait in a queue that sends them evenly spaced within the
 * budget, builds each when it goes (a late one reports the current state; one per device), and
 * takes back what was refused (−32000), pausing as told. Every
 * `task_result` is a request kept until the orchestrator answers it, resent after a reconnect or
 * a retryable refusal. The runner connects, and reconnects, with backoff until stopped or
 * refused (4001 / 4002); the retry timer keeps the process alive.
 */
import os from 'node:os'
import WebSocket from 'ws'
import { SUPPORTED, simDevices, simulate, type SimDevice } from './devices.js'

export interface RunnerOptions {
  /** `ws://host:port` (the runner adds `/ws/node` unless the URL already ends with it). */
  url: string
  nodeId: string
  token: string
  devices: number
  heartbeatIntervalMs?: number
  /** Real milliseconds per simulated second of `run_script` duration. */
  msPerSecond?: number
  name?: string
  /** Counted messages per second the server allows (`ORCH_RATE_LIMIT_WS_MSG_PER_SEC`); a lower limit a −32000 reports wins. */
  messagesPerSec?: number
  /** false: give up when a connection fails or closes (tests that stop a server for good). */
  reconnect?: boolean
  minBackoffMs?: number
  maxBackoffMs?: number
  log?: (msg: string, fields?: Record<string, unknown>) => void
}

type Message = Record<string, any>
/** A counted message, built when the budget lets it go. */
type Counted = { kind: 'heartbeat' } | { kind: 'device'; deviceId: string }

interface PendingResult {
  params: Record<string, unknown>
  /** The request id of the copy awaiting an answer on the current connection. */
  id: string | null
  sent: boolean
  retry: NodeJS.Timeout | null
}

const WINDOW_MS = 1000
/** The part of the budget the runner uses: the rest absorbs messages bunched on the way. */
const SHARE = 0.8
/** Slack added to a wait the server asked for. */
const MARGIN_MS = 100
/** Answers after which the orchestrator would take a resent task_result: busy or broken for a moment. */
const RETRYABLE = new Set([-32000, -32603])

export class NodeRunner {
  readonly devices: Map<string, SimDevice>
  /** What the runner went through (the bench and tests read it). */
  readonly stats = { connects: 0, refused: 0, resultsSent: 0, resultsResent: 0, resultsAcked: 0, resultsRejected: 0 }
  /** The close code of the last connection (tests read it). */
  lastClose: { code: number; reason: string } | null = null
  private ws: WebSocket | null = null
  private heartbeat: NodeJS.Timeout | null = null
  private retry: NodeJS.Timeout | null = null
  private pumpTimer: NodeJS.Timeout | null = null
  private stopped = true
  private backoff: number
  private seq = 0
  private limit: number
  private readonly waiting: Counted[] = []
  private readonly inflight = new Map<string, Counted>()
  /** When the last counted message went out on this connection. */
  private lastCounted = 0
  private lastWasHeartbeat = false
  private pausedUntil = 0
  /** task_results the orchestrator has not answered yet, by task id, in the order they were made. */
  private readonly results = new Map<string, PendingResult>()
  private readonly resultIds = new Map<string, string>()
  private starting: { resolve: () => void; reject: (e: Error) => void } | null = null
  private lastError: string | null = null
  private readonly started = Date.now()

  constructor(private readonly o: RunnerOptions) {
    this.devices = simDevices(o.nodeId, o.devices)
    this.backoff = o.minBackoffMs ?? 100
    this.limit = o.messagesPerSec ?? 10
  }

  private log(msg: string, fields?: Record<string, unknown>) {
    this.o.log?.(msg, { nodeId: this.o.nodeId, ...fields })
  }

  private get endpoint(): string {
    const base = this.o.url.replace(/\/+$/, '')
    const url = /\/ws\/node$/.test(base) ? base : `${base}/ws/node`
    return `${url}?token=${encodeURIComponent(this.o.token)}&node_id=${encodeURIComponent(this.o.nodeId)}`
  }

  /**
   * Connects, retrying with backoff; resolves once connected. Rejects when refused (4001 /
   * 4002), stopped first, or, with `reconnect: false`, when the first attempt fails.
   */
  start(): Promise<void> {
    this.stopped = false
    return new Promise((resolve, reject) => {
      this.starting = { resolve, reject }
      if (!this.retry && (!this.ws || this.ws.readyState === WebSocket.CLOSED)) this.connect()
    })
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.settleStart(new Error('runner stopped'))
    for (const d of this.devices.values()) if (d.timer) clearTimeout(d.timer)
    for (const r of this.results.values()) if (r.retry) clearTimeout(r.retry)
    this.clearTimers()
    await this.closeSocket((ws) => ws.close(1000, 'Runner stopped'))
  }

  /** Drops the connection but keeps running its work (a network blip); `start()` comes back. */
  async drop(): Promise<void> {
    this.stopped = true
    this.clearTimers()
    await this.closeSocket((ws) => ws.terminate())
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN
  }

  /** task_results not yet answered by the orchestrator. */
  get unacknowledged(): string[] {
    return [...this.results.keys()]
  }

  private clearTimers() {
    for (const t of [this.heartbeat, this.retry, this.pumpTimer]) if (t) clearTimeout(t)
    this.heartbeat = this.retry = this.pumpTimer = null
  }

  private async closeSocket(how: (ws: WebSocket) => void) {
    const ws = this.ws
    if (!ws || ws.readyState === WebSocket.CLOSED) return
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve())
      how(ws)
    })
  }

  private settleStart(error?: Error) {
    const s = this.starting
    this.starting = null
    if (s) error ? s.reject(error) : s.resolve()
  }

  private connect() {
    this.retry = null
    if (this.stopped) return
    const ws = new WebSocket(this.endpoint)
    this.ws = ws
    let opened = false
    ws.on('open', () => {
      opened = true
      this.opened()
    })
    ws.on('message', (data) => this.ws === ws && this.receive(data.toString()))
    ws.on('error', (e) => {
      this.lastError = e.message
      if (opened) this.log('socket error', { error: e.message })
    })
    ws.on('close', (code, reason) => this.closed(ws, opened, code, reason.toString()))
  }

  private opened() {
    this.backoff = this.o.minBackoffMs ?? 100
    this.lastError = null
    this.stats.connects++
    this.log('connected')
    // Results finished while away first (they end tasks the server may still count as running),
    // then the heartbeat (after which the server dispatches), then the devices still running (so
    // the server keeps those tasks rather than counting them lost).
    for (const taskId of this.results.keys()) this.sendResult(taskId)
    this.enqueue({ kind: 'heartbeat' })
    for (const d of this.devices.values()) if (d.currentTask) this.enqueue({ kind: 'device', deviceId: d.id })
    this.heartbeat = setInterval(() => this.enqueue({ kind: 'heartbeat' }), this.o.heartbeatIntervalMs ?? 10_000)
    this.settleStart()
  }

  private closed(ws: WebSocket, opened: boolean, code: number, reason: string) {
    if (this.ws !== ws) return
    this.lastClose = { code, reason }
    if (this.heartbeat) clearInterval(this.heartbeat)
    if (this.pumpTimer) clearTimeout(this.pumpTimer)
    this.heartbeat = this.pumpTimer = null
    // Counted messages describe the present: the next connection reports afresh. Results stay.
    this.waiting.length = 0
    this.inflight.clear()
    this.resultIds.clear()
    this.lastCounted = 0
    this.pausedUntil = 0
    for (const r of this.results.values()) {
      r.id = null
      if (r.retry) clearTimeout(r.retry)
      r.retry = null
    }
    if (opened) this.log('disconnected', { code, reason })
    if (code === 1012) this.abandonAll()
    if (code === 4001 || code === 4002) {
      this.stopped = true
      this.log('refused by the server, not retrying', { code, reason })
      return this.settleStart(new Error(`refused by the server: ${code} ${reason}`))
    }
    if (this.stopped) return
    if (this.o.reconnect === false) {
      this.stopped = true
      return this.settleStart(new Error(opened ? `closed ${code} ${reason}` : `could not connect: ${this.lastError ?? `closed ${code}`}`))
    }
    // Jittered, so nodes dropped together do not come back together.
    const wait = Math.round(this.backoff * (0.8 + Math.random() * 0.4))
    this.backoff = Math.min(this.backoff * 2, this.o.maxBackoffMs ?? 5_000)
    this.log(opened ? 'reconnecting' : 'server not reachable, retrying', { in_ms: wait, ...(this.lastError ? { error: this.lastError } : {}) })
    this.retry = setTimeout(() => this.connect(), wait)
  }

  /** Sends now, or drops: used for what is meaningless on another connection (answers). */
  private raw(m: Message) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m))
  }

  // ---------- counted messages: heartbeat, device_status ----------

  private enqueue(c: Counted) {
    if (c.kind === 'heartbeat') {
      if (!this.waiting.some((w) => w.kind === 'heartbeat')) this.waiting.unshift(c)
    } else if (!this.waiting.some((w) => w.kind === 'device' && w.deviceId === c.deviceId)) this.waiting.push(c)
    this.pump()
  }

  private pump() {
    if (this.pumpTimer || !this.connected) return
    while (this.waiting.length) {
      const wait = this.budgetWait()
      if (wait > 0) {
        this.pumpTimer = setTimeout(() => {
          this.pumpTimer = null
          this.pump()
        }, wait)
        return
      }
      // Heartbeats go first, but never twice in a row while others wait (they would starve
      // when the heartbeat interval is shorter than the spacing).
      const next = this.lastWasHeartbeat
        ? Math.max(
            0,
            this.waiting.findIndex((w) => w.kind !== 'heartbeat'),
          )
        : 0
      this.sendCounted(this.waiting.splice(next, 1)[0])
    }
  }

  /**
   * How long until one more counted message fits: they go out evenly spaced at SHARE of the
   * budget, never in bursts, so messages bunched on the way (a busy server reads late) still fit
   * the server's one-second windows.
   */
  private budgetWait(): number {
    const now = Date.now()
    const gap = WINDOW_MS / (this.limit * SHARE)
    return Math.max(0, this.pausedUntil - now, this.lastCounted + gap - now)
  }

  private sendCounted(c: Counted) {
    const id = `${c.kind === 'heartbeat' ? 'hb' : 'ds'}-${++this.seq}`
    this.inflight.set(id, c)
    this.lastCounted = Date.now()
    this.lastWasHeartbeat = c.kind === 'heartbeat'
    this.raw(c.kind === 'heartbeat' ? this.heartbeatMessage(id) : this.deviceStatusMessage(this.devices.get(c.deviceId)!, id))
  }

  /** The server refused a message (−32000): wait as told, and learn its limit. */
  private refused(data: Record<string, unknown> | undefined) {
    this.stats.refused++
    const after = typeof data?.retry_after_ms === 'number' ? data.retry_after_ms : WINDOW_MS
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + after + MARGIN_MS)
    if (typeof data?.limit === 'number' && data.limit >= 1 && data.limit < this.limit) this.limit = data.limit
    this.log('rate limited by the server', { limit: data?.limit, retry_after_ms: after })
  }

  private heartbeatMessage(id: string): Message {
    const load = os.loadavg()[0] / Math.max(1, os.cpus().length)
    return {
      jsonrpc: '2.0',
      method: 'heartbeat',
      params: {
        node_id: this.o.nodeId,
        name: this.o.name ?? `Simulated ${this.o.nodeId}`,
        version: '1.0.0',
        timestamp: new Date().toISOString(),
        metrics: {
          cpu: Math.min(100, Math.round(load * 100)),
          memory: Math.round((1 - os.freemem() / os.totalmem()) * 100),
          disk: 30,
          uptime_seconds: Math.floor((Date.now() - this.started) / 1000),
        },
        devices: [...this.devices.values()].map((d) => ({ id: d.id, status: d.status, serial: d.serial })),
      },
      id,
    }
  }

  private deviceStatusMessage(d: SimDevice, id: string): Message {
    const params = { device_id: d.id, status: d.status, current_task: d.currentTask, metrics: { battery: 100, screen_on: d.status === 'active' } }
    return { jsonrpc: '2.0', method: 'device_status', params, id }
  }

  // ---------- task_result: kept until answered ----------

  private report(taskId: string, params: Record<string, unknown>) {
    this.results.set(taskId, { params, id: null, sent: false, retry: null })
    this.sendResult(taskId)
  }

  /** Sends a copy of a kept result unless one awaits its answer (`again`: send a new copy anyway). */
  private sendResult(taskId: string, again = false) {
    const r = this.results.get(taskId)
    if (!r || !this.connected || (r.id && !again)) return
    if (r.retry) clearTimeout(r.retry)
    r.retry = null
    r.id = `tr-${++this.seq}`
    this.resultIds.set(r.id, taskId)
    if (r.sent) this.stats.resultsResent++
    else this.stats.resultsSent++
    r.sent = true
    this.raw({ jsonrpc: '2.0', method: 'task_result', params: r.params, id: r.id })
  }

  private resultAnswered(id: string, taskId: string, m: Message) {
    this.resultIds.delete(id)
    const r = this.results.get(taskId)
    if (!r || r.id !== id) return // an older copy's answer; the newest decides
    r.id = null
    if (!m.error) {
      this.results.delete(taskId)
      this.stats.resultsAcked++
      return
    }
    const code = m.error.code
    if (RETRYABLE.has(code)) {
      if (code === -32000) this.refused(m.error.data)
      const wait = code === -32000 ? Math.max(0, this.pausedUntil - Date.now()) : WINDOW_MS
      r.retry = setTimeout(() => this.sendResult(taskId), wait)
      return
    }
    // Not this node's, unknown, or the task already moved on (requeued, cancelled, timed out):
    // the orchestrator has decided, and another copy would get the same answer.
    this.results.delete(taskId)
    this.stats.resultsRejected++
    this.log('task_result not taken', { taskId, error: m.error })
  }

  // ---------- incoming ----------

  private receive(text: string) {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      return this.log('unparseable message from server')
    }
    for (const m of Array.isArray(msg) ? msg : [msg]) {
      if (typeof m?.method === 'string') this.request(m)
      else if (m && typeof m === 'object' && ('result' in m || 'error' in m)) this.response(m)
    }
  }

  private response(m: Message) {
    const taskId = typeof m.id === 'string' ? this.resultIds.get(m.id) : undefined
    if (taskId !== undefined) return this.resultAnswered(m.id, taskId, m)
    const c = typeof m.id === 'string' ? this.inflight.get(m.id) : undefined
    if (!c) {
      if (m.error) this.log('server error', { error: m.error, id: m.id })
      return
    }
    this.inflight.delete(m.id)
    if (m.error?.code === -32000) {
      this.refused(m.error.data)
      this.enqueue(c)
    } else if (m.error) this.log('server error', { error: m.error, id: m.id })
  }

  private reply(id: unknown, result: Record<string, unknown>) {
    this.raw({ jsonrpc: '2.0', result, id })
  }

  private error(id: unknown, code: number, message: string, data?: Record<string, unknown>) {
    this.raw({ jsonrpc: '2.0', error: data ? { code, message, data } : { code, message }, id })
  }

  private request(m: Message) {
    const p = m.params ?? {}
    if (m.method === 'ping') return this.reply(m.id, { pong: true, timestamp: new Date().toISOString() })
    if (m.method === 'execute') {
      const d = this.devices.get(p.device_id)
      if (!d || d.status === 'offline') return this.error(m.id, -32011, 'Device offline', { device_id: p.device_id })
      if (!SUPPORTED.has(p.command)) return this.error(m.id, -32012, 'Command not supported', { command: p.command })
      // The same task again: the orchestrator missed our acceptance (a drop or a restart in
      // between). It is running here, or done with its result kept: accept, do not run it twice.
      if (d.currentTask === p.task_id) return this.reply(m.id, { task_id: p.task_id, status: 'running' })
      if (this.results.has(p.task_id)) {
        this.reply(m.id, { task_id: p.task_id, status: 'running' })
        return this.sendResult(p.task_id, true)
      }
      if (d.currentTask) return this.error(m.id, -32010, 'Device busy', { device_id: d.id })
      d.status = 'active'
      d.currentTask = p.task_id
      this.reply(m.id, { task_id: p.task_id, status: 'running' })
      const { ms, result } = simulate(p.command, p.args ?? {}, this.o.msPerSecond ?? 10)
      d.timer = setTimeout(() => this.done(d, p.task_id, 'completed', result), ms)
      return
    }
    if (m.method === 'cancel') {
      const d = this.devices.get(p.device_id)
      if (!d || d.currentTask !== p.task_id) return this.error(m.id, -32013, 'Task not found on node', { task_id: p.task_id })
      if (d.timer) clearTimeout(d.timer)
      this.reply(m.id, { task_id: p.task_id, cancelled: true })
      return this.done(d, p.task_id, 'cancelled', null)
    }
    if (m.id !== undefined) this.error(m.id, -32601, 'Method not found', { method: m.method })
  }

  private done(d: SimDevice, taskId: string, status: 'completed' | 'cancelled', result: Record<string, unknown> | null) {
    d.timer = null
    d.currentTask = null
    d.status = 'idle'
    // The result frees the device on the server too: no device_status needed.
    this.report(taskId, { task_id: taskId, status, result, error: null })
  }

  /** The server requeued what was running (1012): stop it here too. */
  private abandonAll() {
    for (const d of this.devices.values()) {
      if (d.timer) clearTimeout(d.timer)
      d.timer = null
      d.currentTask = null
      d.status = 'idle'
    }
  }
}
