/**
 * The reference node runner (the node side of spec/orchestrator.asyncapi.yaml): connects with
 * its token and node id, heartbeats with metrics and its devices, reports device status, answers
 * ping, accepts `execute` (−32010 when the device is busy) and reports `task_result`, honours
 * `cancel`. It reconnects with backoff unless refused (4001/4002) or stopped; a 1012 (emergency
 * reset: the server requeued its running tasks) abandons what was running. Messages produced
 * while disconnected are sent on reconnect.
 */
import os from 'node:os'
import WebSocket from 'ws'
import { SUPPORTED, simDevices, simulate, type SimDevice } from './devices.js'

export interface RunnerOptions {
  url: string
  nodeId: string
  token: string
  devices: number
  heartbeatIntervalMs?: number
  /** Real milliseconds per simulated second of `run_script` duration. */
  msPerSecond?: number
  name?: string
  reconnect?: boolean
  log?: (msg: string, fields?: Record<string, unknown>) => void
}

type Message = Record<string, any>

export class NodeRunner {
  readonly devices: Map<string, SimDevice>
  private ws: WebSocket | null = null
  private heartbeat: NodeJS.Timeout | null = null
  private stopped = false
  private backoff = 100
  private outbox: Message[] = []
  private seq = 0
  private readonly started = Date.now()
  /** The close code of the last connection (tests read it). */
  lastClose: { code: number; reason: string } | null = null

  constructor(private readonly o: RunnerOptions) {
    this.devices = simDevices(o.nodeId, o.devices)
  }

  private log(msg: string, fields?: Record<string, unknown>) {
    this.o.log?.(msg, { nodeId: this.o.nodeId, ...fields })
  }

  /** Connects; resolves once the socket is open (or rejects if the first attempt is refused). */
  start(): Promise<void> {
    this.stopped = false
    return this.connect()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    for (const d of this.devices.values()) if (d.timer) clearTimeout(d.timer)
    const ws = this.ws
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve())
        ws.close(1000, 'Runner stopped')
      })
    }
  }

  /** Drops the connection but keeps running its work (a network blip); `start()` comes back. */
  async drop(): Promise<void> {
    this.stopped = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    const ws = this.ws
    if (ws && ws.readyState !== WebSocket.CLOSED) await new Promise<void>((resolve) => ws.once('close', () => resolve()).terminate())
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN
  }

  private connect(): Promise<void> {
    const url = `${this.o.url.replace(/\/$/, '')}/ws/node?token=${encodeURIComponent(this.o.token)}&node_id=${encodeURIComponent(this.o.nodeId)}`
    const ws = new WebSocket(url)
    this.ws = ws
    return new Promise((resolve, reject) => {
      let opened = false
      ws.on('open', () => {
        opened = true
        this.backoff = 100
        this.log('connected')
        // Results finished while away first, then the heartbeat, then what is still running
        // (so the server keeps those tasks rather than counting them lost).
        const queued = this.outbox
        this.outbox = []
        for (const m of queued) this.send(m)
        this.sendHeartbeat()
        for (const d of this.devices.values()) if (d.currentTask) this.deviceStatus(d)
        this.heartbeat = setInterval(() => this.sendHeartbeat(), this.o.heartbeatIntervalMs ?? 10_000)
        resolve()
      })
      ws.on('message', (data) => this.receive(data.toString()))
      ws.on('error', (e) => {
        this.log('socket error', { error: e.message })
        if (!opened) reject(e)
      })
      ws.on('close', (code, reason) => {
        this.lastClose = { code, reason: reason.toString() }
        if (this.heartbeat) clearInterval(this.heartbeat)
        this.heartbeat = null
        this.log('disconnected', { code, reason: reason.toString() })
        if (code === 1012) this.abandonAll()
        if (!opened) reject(new Error(`closed ${code} ${reason.toString()}`))
        const fatal = code === 4001 || code === 4002
        if (!this.stopped && !fatal && this.o.reconnect !== false) {
          const wait = this.backoff
          this.backoff = Math.min(this.backoff * 2, 5_000)
          setTimeout(() => !this.stopped && this.connect().catch(() => undefined), wait).unref?.()
        }
      })
    })
  }

  private send(m: Message) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m))
    else if (!('result' in m) && !('error' in m) && m.method !== 'heartbeat') this.outbox.push(m)
  }

  private sendHeartbeat() {
    const load = os.loadavg()[0] / Math.max(1, os.cpus().length)
    this.send({
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
    })
  }

  private deviceStatus(d: SimDevice) {
    this.send({ jsonrpc: '2.0', method: 'device_status', params: { device_id: d.id, status: d.status, current_task: d.currentTask, metrics: { battery: 100, screen_on: d.status === 'active' } } })
  }

  private receive(text: string) {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      return this.log('unparseable message from server')
    }
    for (const m of Array.isArray(msg) ? msg : [msg]) {
      if (m?.error) this.log('server error', { error: m.error, id: m.id })
      if (typeof m?.method === 'string') this.request(m)
    }
  }

  private reply(id: unknown, result: Record<string, unknown>) {
    this.send({ jsonrpc: '2.0', result, id })
  }

  private error(id: unknown, code: number, message: string, data?: Record<string, unknown>) {
    this.send({ jsonrpc: '2.0', error: data ? { code, message, data } : { code, message }, id })
  }

  private request(m: Message) {
    const p = m.params ?? {}
    if (m.method === 'ping') return this.reply(m.id, { pong: true, timestamp: new Date().toISOString() })
    if (m.method === 'execute') {
      const d = this.devices.get(p.device_id)
      if (!d || d.status === 'offline') return this.error(m.id, -32011, 'Device offline', { device_id: p.device_id })
      if (!SUPPORTED.has(p.command)) return this.error(m.id, -32012, 'Command not supported', { command: p.command })
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
    this.send({ jsonrpc: '2.0', method: 'task_result', params: { task_id: taskId, status, result, error: null }, id: `tr-${++this.seq}` })
    this.deviceStatus(d)
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
