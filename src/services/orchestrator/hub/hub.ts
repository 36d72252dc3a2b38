/**
 * The node hub at `/ws/node`: the handshake (close 4001 / 4002 after the upgrade, so clients see
 * the code), one NodeConnection per node (a newer one replaces the older with 4003), the
 * JSON-RPC 2.0 frame pipeline (parse; answers to our requests settle at once; the rest queue per
 * node: batch → classify → budget → validate → method), and the periodic ping. The message
 * budget (asyncapi "Rate Limiting") spares what the orchestrator itself asked for. What the
 * methods mean for nodes, devices and tasks lives in NodeProtocol.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { validators } from '../../../../generated/orchestrator-ws/validators.gen.js'
import { clientAddress, type TrustFn } from '../../../kit/client-address.js'
import type { ValidateFn } from '../../../kit/types.js'
import type { Logger } from '../../../kit/logger.js'
import { safeEqual } from '../../../kit/secrets.js'
import type { Clock } from '../../../deps.js'
import type { OrchestratorSettings } from '../settings.js'
import { NodeConnection } from './connection.js'
import { RPC, RpcFailure, classify, errorResponse, invalidParamsData, onlyParamsIssues, type Incoming, type ResponseId } from './jsonrpc.js'

export const WS_PATH = '/ws/node'
const NODE_ID = /^node-[a-z0-9]+$/
const MAX_BATCH = 10

const wsValidators = validators as unknown as Record<string, ValidateFn>
const METHODS: Record<string, string> = { heartbeat: 'heartbeat', device_status: 'deviceStatus', task_result: 'taskResult' }

export type NodeMethod = 'heartbeat' | 'device_status' | 'task_result'

/** What the hub asks of the orchestrator. Methods throw RpcFailure for documented refusals. */
export interface NodeProtocol {
  connected(conn: NodeConnection): Promise<void>
  disconnected(conn: NodeConnection): Promise<void>
  call(conn: NodeConnection, method: NodeMethod, params: any): Promise<void>
  pingAnswered(conn: NodeConnection, answered: boolean): Promise<void>
  /** Whether the task runs (or ran) on one of this node's devices: its task_result is outside the budget. */
  ownsTask(conn: NodeConnection, taskId: string): Promise<boolean>
}

/** What a frame's budget check found: abuse closes the connection once the frame is answered. */
interface Budget {
  abusive: boolean
  /** When the frame arrived (ms since the epoch): the window it counts in. */
  at: number
}

export interface HubOptions {
  nodeToken: string
  settings: OrchestratorSettings
  clock: Clock
  logger: Logger
  protocol: NodeProtocol
  /** TRUST_PROXY: behind a balancer, a node's address is read from X-Forwarded-For. */
  trustProxy?: TrustFn | null
}

export class NodeHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  private readonly conns = new Map<string, NodeConnection>()
  /**
   * One work queue per node id, shared by its successive connections: a dropped connection's
   * `disconnected` (node and devices offline) finishes before the reconnection's first messages
   * are handled, whatever the database's speed. Per-connection queues let them interleave.
   */
  private readonly chains = new Map<string, Promise<void>>()
  private readonly pingTimers = new Map<NodeConnection, NodeJS.Timeout>()
  private closed = false
  private failed = false

  constructor(private readonly o: HubOptions) {
    this.wss.on('error', (e) => {
      this.failed = true
      o.logger.error('websocket server error', { error: e.message })
    })
  }

  /** ok while the hub accepts connections (reported by /health). */
  get healthy(): boolean {
    return !this.closed && !this.failed
  }

  connection(nodeId: string): NodeConnection | undefined {
    const c = this.conns.get(nodeId)
    return c?.open ? c : undefined
  }

  connections(): NodeConnection[] {
    return [...this.conns.values()]
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname !== WS_PATH) {
        // Another upgrade listener may own the path; alone, we refuse it like an unknown route.
        if (server.listenerCount('upgrade') === 1) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
        return
      }
      if (this.closed) return void socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n')
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const peer = req.socket.remoteAddress
        this.accept(ws, url, peer ? clientAddress(peer, req.headers['x-forwarded-for']?.toString(), this.o.trustProxy ?? null) : null)
      })
    })
  }

  /** Closes one node's connection (L1 target node); its close handler runs as for any drop. */
  drop(nodeId: string, code: number, reason: string): boolean {
    const c = this.conns.get(nodeId)
    if (!c) return false
    c.close(code, reason)
    return true
  }

  /** Discards every pending server → node wait (L1 `orchestrator`). */
  abortPending(): void {
    for (const c of this.conns.values()) c.abortPending()
  }

  async close(): Promise<void> {
    this.closed = true
    for (const c of this.conns.values()) c.close(1001, 'Going away')
    for (const t of this.pingTimers.values()) clearInterval(t)
    this.pingTimers.clear()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    // Clients that do not finish the closing handshake promptly are cut off.
    for (const ws of this.wss.clients) ws.terminate()
  }

  private enqueue(nodeId: string, work: () => Promise<void>): void {
    const next = (this.chains.get(nodeId) ?? Promise.resolve()).then(work, work)
    this.chains.set(nodeId, next)
    const forget = () => {
      if (this.chains.get(nodeId) === next) this.chains.delete(nodeId)
    }
    next.then(forget, forget)
  }

  private accept(ws: WebSocket, url: URL, ip: string | null): void {
    const token = url.searchParams.get('token')
    const nodeId = url.searchParams.get('node_id')
    if (!token || !safeEqual(token, this.o.nodeToken)) return void ws.close(4001, 'Unauthorized')
    if (!nodeId) return void ws.close(4002, 'Missing node_id')
    if (!NODE_ID.test(nodeId) || nodeId.length > 64) return void ws.close(4002, 'Invalid node_id')

    const log = this.o.logger.child({ nodeId })
    const conn = new NodeConnection(
      ws,
      nodeId,
      ip?.replace(/^::ffff:/, '') ?? null,
      () => this.o.settings.limits.wsMessagesPerSec,
      (problem) => log.error('outgoing message breaks the AsyncAPI contract', { problem }),
    )
    const previous = this.conns.get(nodeId)
    this.conns.set(nodeId, conn)
    previous?.close(4003, 'Replaced by new connection')

    this.enqueue(nodeId, () => this.o.protocol.connected(conn).catch((e) => log.error('connect handling failed', { error: (e as Error).message })))
    ws.on('message', (data, isBinary) => {
      // Counted when it arrived, not when its turn came: a queue of slow frames must not bunch
      // messages the node spaced out into one window.
      const at = Date.now()
      let parsed: unknown
      let unparsable: Error | null = null
      try {
        if (isBinary) throw new Error('binary frames are not JSON-RPC')
        parsed = JSON.parse(data.toString())
      } catch (e) {
        unparsable = e as Error
      }
      // An answer to one of our requests settles at once: the node answered in time even when its
      // reports queue behind slow database work (DISPATCH_TIMEOUT and ping measure the node).
      const c = unparsable ? null : classify(parsed)
      if (c?.kind === 'response' && conn.awaits(c.id)) return void conn.settle(c.id, c.message)
      this.enqueue(nodeId, () =>
        this.frame(conn, parsed, unparsable, at).catch((e) => log.error('frame handling failed', { error: (e as Error).message, stack: (e as Error).stack })),
      )
    })
    ws.on('error', (e) => log.warn('node socket error', { error: e.message }))
    ws.on('close', () => {
      clearInterval(this.pingTimers.get(conn))
      this.pingTimers.delete(conn)
      conn.abortPending()
      // A replaced connection closing is not the node leaving; nor is a server shutting down
      // (the next start-up marks every node disconnected).
      if (this.conns.get(nodeId) !== conn || this.closed) return
      this.conns.delete(nodeId)
      this.enqueue(nodeId, () => this.o.protocol.disconnected(conn).catch((e) => log.error('disconnect handling failed', { error: (e as Error).message })))
    })
    this.startPing(conn)
  }

  private startPing(conn: NodeConnection): void {
    const { pingIntervalMs, pingTimeoutMs } = this.o.settings.timings
    const timer = setInterval(async () => {
      if (!conn.open) return
      const outcome = await conn.request('ping', undefined, pingTimeoutMs)
      if (outcome.kind === 'aborted') return
      // On the node's own queue, so a heartbeat being handled cannot overwrite the outcome.
      const answered = outcome.kind === 'result'
      this.enqueue(conn.nodeId, () =>
        this.o.protocol.pingAnswered(conn, answered).catch((e) => this.o.logger.error('ping bookkeeping failed', { error: (e as Error).message })),
      )
    }, pingIntervalMs)
    timer.unref?.()
    this.pingTimers.set(conn, timer)
  }

  private async frame(conn: NodeConnection, parsed: unknown, unparsable: Error | null, at: number): Promise<void> {
    const budget: Budget = { abusive: false, at }
    if (unparsable) {
      const refused = this.charge(conn, null, budget)
      this.answer(conn, refused === undefined ? errorResponse(RPC.parseError, null, { details: unparsable.message }) : refused, budget)
      return
    }
    const batch = Array.isArray(parsed)
    const items = batch ? (parsed as unknown[]) : [parsed]
    if (batch && (items.length === 0 || items.length > MAX_BATCH)) {
      const details = items.length ? `a batch holds at most ${MAX_BATCH} messages` : 'empty batch'
      const refused = this.charge(conn, null, budget)
      this.answer(conn, refused === undefined ? errorResponse(RPC.invalidRequest, null, { details }) : refused, budget)
      return
    }

    const responses: object[] = []
    for (const item of items) {
      const r = await this.item(conn, item, budget)
      if (r) responses.push(r)
    }
    if (!responses.length) this.answer(conn, null, budget)
    else if (batch) this.answer(conn, responses, budget)
    else this.answer(conn, responses[0], budget)
  }

  /** Sends a frame's answer (nothing for `null`), then closes a connection found abusive. */
  private answer(conn: NodeConnection, response: object | object[] | null, budget: Budget): void {
    if (Array.isArray(response)) conn.send(response, 'batchResponse')
    else if (response) conn.send(response, 'error' in response ? 'errorResponse' : 'ackResult')
    if (budget.abusive) conn.close(1008, 'Rate limit exceeded')
  }

  /**
   * Counts one message against the connection's budget (asyncapi "Rate Limiting"). Allowed:
   * `undefined`. Refused: the -32000 answer for `id`, or `null` when there is nothing to say (a
   * notification already told this window).
   */
  private charge(conn: NodeConnection, id: ResponseId, budget: Budget): object | null | undefined {
    const v = conn.rate.hit(1, budget.at)
    if (v.allowed) return undefined
    if (v.abusive) budget.abusive = true
    if (id === null && !v.tellNotification) return null
    return errorResponse(RPC.rateLimited, id, { limit: this.o.settings.limits.wsMessagesPerSec, window: '1s', retry_after_ms: v.retryAfterMs })
  }

  /**
   * Whether a message is outside the budget: an answer to one of our own requests (execute,
   * ping, cancel), or a task_result about a task on one of this node's devices, resent copies
   * included. Refusing either would lose what the orchestrator itself asked for.
   */
  private async free(conn: NodeConnection, c: Incoming): Promise<boolean> {
    if (c.kind === 'response') return conn.awaits(c.id)
    if (c.kind !== 'request' || c.method !== 'task_result') return false
    const taskId = (c.message.params as { task_id?: unknown } | undefined)?.task_id
    return typeof taskId === 'string' && (await this.o.protocol.ownsTask(conn, taskId))
  }

  private async item(conn: NodeConnection, item: unknown, budget: Budget): Promise<object | null> {
    const c = classify(item)
    if (!(await this.free(conn, c))) {
      const refused = this.charge(conn, c.kind === 'response' ? null : c.id, budget)
      // A refused response is dropped silently: answering an answer would start a loop.
      if (refused !== undefined) return c.kind === 'response' ? null : refused
    }
    if (c.kind === 'invalid') return errorResponse(RPC.invalidRequest, c.id, { details: c.details })
    if (c.kind === 'response') {
      conn.settle(c.id, c.message)
      return null
    }
    const reply = (id: ResponseId, r: object) => (id === null ? null : r)
    const validator = METHODS[c.method]
    if (!validator) return reply(c.id, errorResponse(RPC.methodNotFound, c.id, { method: c.method }))
    const validate = wsValidators[validator]
    if (!validate(c.message)) {
      return reply(
        c.id,
        onlyParamsIssues(validate)
          ? errorResponse(RPC.invalidParams, c.id, invalidParamsData(validate))
          : errorResponse(RPC.invalidRequest, c.id, invalidParamsData(validate)),
      )
    }
    try {
      await this.o.protocol.call(conn, c.method as NodeMethod, c.message.params)
      return reply(c.id, { jsonrpc: '2.0', result: { ok: true, timestamp: this.o.clock.now().toISOString() }, id: c.id })
    } catch (e) {
      if (e instanceof RpcFailure) return reply(c.id, errorResponse(e.rpc, c.id, e.data))
      this.o.logger.error('node method failed', { nodeId: conn.nodeId, method: c.method, error: (e as Error).message, stack: (e as Error).stack })
      return reply(c.id, errorResponse(RPC.internal, c.id))
    }
  }
}
