/**
 * The WebSocket side of the mock, generic over one AsyncAPI document of JSON-RPC 2.0 messages
 * (its table: generated/mock/ws.gen.ts). On the channel's address it:
 *
 * - checks the handshake as the document says: the security scheme's credential, asked of the
 *   contract's own verifier of the same name, and the ws binding's query parameters; failures
 *   close the connection with the document's close code (`x-close-codes`: an auth failure gets
 *   the code whose reason says Unauthorized, a bad parameter the code whose reason names it);
 * - validates every client message against its message schema and answers the bad ones with
 *   JSON-RPC errors (-32700, -32600, -32601, -32602); a valid request with an id gets the first
 *   non-error reply its operation documents, from that message's example, with the request's id;
 * - sends the server's own messages (e.g. `execute`, `ping`, `cancel`) on demand, from their
 *   examples or a given body, and checks the client's answers against the replies documented
 *   for them.
 *
 * Every message both ways is kept in a per-connection log (`GET /__mock<address>/{key}/messages`).
 * Connections are keyed by the first required query parameter that is not the credential
 * (`node_id`). The mock keeps no state beyond the connections and sends nothing unasked.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Logger } from '../../logger.js'
import type { SecurityVerifier } from '../../security.js'
import type { ValidateFn } from '../../types.js'
import { summarizeIssues, issuesOf } from '../../validation.js'
import { classify, errorResponse, STANDARD_RPC as RPC, type RpcId } from '../../jsonrpc.js'
import { schemaError } from './jsonrpc.js'
import type { WsMockTable } from './table.js'

export interface LogEntry {
  at: string
  direction: 'in' | 'out'
  message: unknown
  /** The message (or reply) name it matched; null when none. */
  name: string | null
  valid: boolean
  problem?: string
}

export interface SendRequest {
  /** A message the server sends (`execute`); its example is the body unless `body` is given. */
  message?: string
  /** Which named example (default: the first). */
  example?: string
  /** Merged over the example's `params`. */
  params?: Record<string, unknown>
  /** A whole message instead of an example. */
  body?: unknown
  /** How long to wait for the answer to a request (default 10000 ms, at most 60000). */
  timeoutMs?: number
}

export interface SendOutcome {
  sent: unknown
  /** The client's answer to a request (null for a notification, or when none came in time). */
  reply: LogEntry | null
  timedOut: boolean
}

/** A control request the mock refuses: status and message for the control endpoint. */
export class WsMockProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const LOG_LIMIT = 500
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

interface Connection {
  ws: WebSocket
  key: string
  log: LogEntry[]
  pending: Map<RpcId, { replies: string[]; settle: (e: LogEntry | null) => void }>
}

export class WsChannelMock {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  private readonly conns = new Map<string, Connection>()
  private readonly logs = new Map<string, LogEntry[]>()
  private readonly v: Record<string, ValidateFn>
  /** Client → server messages by JSON-RPC method, with the replies their operation documents. */
  private readonly incoming = new Map<string, { name: string; replies: string[] }>()
  /** Server → client messages, with the replies the client may answer. */
  private readonly outgoing = new Map<string, string[]>()
  /** Every message the server may send (its own requests and its replies): what outgoing checks accept. */
  private readonly serverMessages: string[]
  private readonly keyParam: string | null
  private seq = 0

  constructor(
    readonly table: WsMockTable,
    private readonly o: { verifier?: SecurityVerifier; logger: Logger; now: () => Date },
  ) {
    this.v = table.validators
    const server = new Set<string>()
    for (const op of table.operations) {
      if (op.action === 'receive') {
        for (const m of op.messages) {
          const method = table.messages[m]?.method
          if (method) this.incoming.set(method, { name: m, replies: op.replies })
        }
        for (const r of op.replies) server.add(r)
      } else {
        for (const m of op.messages) {
          this.outgoing.set(m, op.replies)
          server.add(m)
        }
      }
    }
    this.serverMessages = [...server]
    const credential = table.security?.in === 'query' ? table.security.name : null
    this.keyParam = (table.query?.required ?? []).find((p) => p !== credential) ?? null
  }

  get address(): string {
    return this.table.address
  }

  /** Takes upgrades on the channel's address (other paths are left to other listeners). */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname !== this.table.address) {
        if (server.listenerCount('upgrade') === 1) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
        return
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.accept(ws, url, req).catch((e) => {
          this.o.logger.error('ws mock handshake failed', { error: (e as Error).message })
          ws.close(1011, 'Internal error')
        })
      })
    })
  }

  connected(): string[] {
    return [...this.conns.keys()]
  }

  messages(key: string): { connected: boolean; messages: LogEntry[] } {
    return { connected: this.conns.has(key), messages: this.logs.get(key) ?? [] }
  }

  async close(): Promise<void> {
    for (const c of this.conns.values()) c.ws.close(1001, 'Going away')
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    for (const ws of this.wss.clients) ws.terminate()
  }

  private closeCode(pattern: RegExp, fallback: { code: number; reason: string }) {
    return this.table.closeCodes.find((c) => pattern.test(c.reason) || pattern.test(c.description ?? '')) ?? fallback
  }

  private async accept(ws: WebSocket, url: URL, req: IncomingMessage): Promise<void> {
    const sec = this.table.security
    if (sec && this.o.verifier) {
      const credential = sec.in === 'query' ? url.searchParams.get(sec.name ?? '') : sec.name ? req.headers[sec.name.toLowerCase()] : undefined
      const value = typeof credential === 'string' ? credential : null
      const principal = value ? await this.o.verifier(value, { scheme: sec.scheme, operationId: `ws:${this.table.address}` }) : null
      if (!principal) {
        const c = this.closeCode(/unauthori[sz]ed/i, { code: 1008, reason: 'Unauthorized' })
        return void ws.close(c.code, 'Unauthorized')
      }
    }
    for (const [name, schema] of Object.entries(this.table.query?.properties ?? {})) {
      if (sec?.in === 'query' && name === sec.name) continue
      const value = url.searchParams.get(name)
      const missing = value === null || value === ''
      const required = this.table.query?.required?.includes(name)
      const bad =
        !missing &&
        ((schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value!)) ||
          (schema.maxLength !== undefined && value!.length > schema.maxLength) ||
          (schema.minLength !== undefined && value!.length < schema.minLength))
      if ((missing && required) || bad) {
        const reason = `${missing ? 'Missing' : 'Invalid'} ${name}`
        const c = this.closeCode(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), { code: 1008, reason })
        return void ws.close(c.code, reason)
      }
    }
    const key = (this.keyParam && url.searchParams.get(this.keyParam)) || `conn-${++this.seq}`
    const log: LogEntry[] = []
    this.logs.set(key, log)
    const conn: Connection = { ws, key, log, pending: new Map() }
    const previous = this.conns.get(key)
    this.conns.set(key, conn)
    if (previous) {
      const c = this.closeCode(/replaced/i, { code: 1000, reason: 'Replaced by new connection' })
      previous.ws.close(c.code, c.reason)
    }
    ws.on('message', (data, isBinary) => this.frame(conn, isBinary ? null : data.toString()))
    ws.on('close', () => {
      for (const p of conn.pending.values()) p.settle(null)
      if (this.conns.get(key) === conn) this.conns.delete(key)
    })
    ws.on('error', (e) => this.o.logger.warn('ws mock socket error', { key, error: e.message }))
  }

  private record(conn: Connection, entry: Omit<LogEntry, 'at'>): LogEntry {
    const e = { at: this.o.now().toISOString(), ...entry }
    conn.log.push(e)
    if (conn.log.length > LOG_LIMIT) conn.log.shift()
    return e
  }

  /** Sends one server message after checking it against the messages the server may send. */
  private emit(conn: Connection, message: unknown, names = this.serverMessages): void {
    const name = names.find((n) => this.v[n]?.(message)) ?? null
    const problem = name ? undefined : `matches none of ${names.join(', ')}`
    if (problem) this.o.logger.error('ws mock message breaks the AsyncAPI contract', { key: conn.key, problem })
    this.record(conn, { direction: 'out', message, name, valid: !problem, problem })
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(message))
  }

  private frame(conn: Connection, text: string | null): void {
    let parsed: unknown
    try {
      if (text === null) throw new Error('binary frames are not JSON-RPC')
      parsed = JSON.parse(text)
    } catch (e) {
      this.record(conn, { direction: 'in', message: text, name: null, valid: false, problem: (e as Error).message })
      this.emit(conn, errorResponse(RPC.parseError, null, { details: (e as Error).message }))
      return
    }
    if (Array.isArray(parsed)) {
      if (!parsed.length) {
        this.record(conn, { direction: 'in', message: parsed, name: null, valid: false, problem: 'empty batch' })
        this.emit(conn, errorResponse(RPC.invalidRequest, null, { details: 'empty batch' }))
        return
      }
      const answers = parsed.map((item) => this.item(conn, item)).filter((a) => a !== null)
      if (answers.length) this.emit(conn, answers, [...this.serverMessages.filter((n) => this.table.messages[n]?.batch)])
      return
    }
    const answer = this.item(conn, parsed)
    if (answer) this.emit(conn, answer)
  }

  /** Handles one message; returns the answer to send, if any. */
  private item(conn: Connection, item: unknown): object | null {
    const c = classify(item)
    if (c.kind === 'invalid') {
      this.record(conn, { direction: 'in', message: item, name: null, valid: false, problem: c.details })
      return errorResponse(RPC.invalidRequest, c.id, { details: c.details })
    }
    if (c.kind === 'response') {
      const waiting = conn.pending.get(c.id)
      if (!waiting) {
        this.record(conn, { direction: 'in', message: item, name: null, valid: false, problem: `no request with id ${JSON.stringify(c.id)} awaits an answer` })
        return null
      }
      const name = waiting.replies.find((n) => this.v[n]?.(item)) ?? null
      const problem = name ? undefined : this.whyNot(waiting.replies, item)
      waiting.settle(this.record(conn, { direction: 'in', message: item, name, valid: !!name, problem }))
      return null
    }
    const known = this.incoming.get(c.method)
    if (!known) {
      this.record(conn, { direction: 'in', message: item, name: null, valid: false, problem: `unknown method ${c.method}` })
      return c.id === null ? null : errorResponse(RPC.methodNotFound, c.id, { method: c.method })
    }
    const validate = this.v[known.name]
    if (validate && !validate(item)) {
      const answer = schemaError(validate, c.id)
      this.record(conn, { direction: 'in', message: item, name: known.name, valid: false, problem: summarizeIssues(issuesOf(validate, 'body')) })
      return c.id === null ? null : answer
    }
    this.record(conn, { direction: 'in', message: item, name: known.name, valid: true })
    if (c.id === null) return null
    // The first documented reply that is not an error, from its example, answering this id.
    const reply = known.replies
      .map((n) => this.table.messages[n])
      .find((m) => m && !m.batch && Object.values(m.examples).some((e) => isObject(e) && 'result' in e))
    const example = reply && Object.values(reply.examples).find((e) => isObject(e) && 'result' in e)
    return example ? { ...(example as object), id: c.id } : null
  }

  private whyNot(names: string[], message: unknown): string {
    return names
      .map((n) => {
        const v = this.v[n]
        return v && !v(message) ? `${n}: ${summarizeIssues(issuesOf(v, 'body'))}` : `${n}: no validator`
      })
      .join(' | ')
  }

  /** Sends a server message to the connection `key` and waits for the answer to a request. */
  async send(key: string, req: SendRequest): Promise<SendOutcome> {
    const conn = this.conns.get(key)
    if (!conn || conn.ws.readyState !== conn.ws.OPEN) {
      throw new WsMockProblem(404, 'not_connected', `no connection ${key} on ${this.table.address}; connected: ${this.connected().join(', ') || 'none'}`)
    }
    let message: unknown
    let name: string | undefined
    if (req.body !== undefined) {
      message = req.body
      name = [...this.outgoing.keys()].find((n) => this.v[n]?.(message))
      if (!name)
        throw new WsMockProblem(400, 'invalid_message', `the body is none of the messages the server sends: ${this.whyNot([...this.outgoing.keys()], message)}`)
    } else {
      name = req.message
      if (!name || !this.outgoing.has(name)) {
        throw new WsMockProblem(400, 'unknown_message', `message must be one the server sends: ${[...this.outgoing.keys()].join(', ')}`)
      }
      const examples = this.table.messages[name].examples
      const exName = req.example ?? Object.keys(examples)[0]
      if (exName === undefined || !Object.hasOwn(examples, exName)) {
        throw new WsMockProblem(
          400,
          'unknown_example',
          `example ${exName} is not documented for ${name}; documented: ${Object.keys(examples).join(', ') || 'none'}`,
        )
      }
      const base = structuredClone(examples[exName]) as Record<string, unknown>
      if (req.params) base.params = { ...(isObject(base.params) ? base.params : {}), ...req.params }
      // A fresh id per request, so answers never mix (the example's id would repeat).
      if ('id' in base) base.id = `mock-${name}-${++this.seq}`
      message = base
      const validate = this.v[name]
      if (validate && !validate(message)) throw new WsMockProblem(400, 'invalid_message', `${name}: ${summarizeIssues(issuesOf(validate, 'body'))}`)
    }
    const id = isObject(message) ? (message.id as RpcId | undefined) : undefined
    if (id === undefined || id === null) {
      this.emit(conn, message, [name])
      return { sent: message, reply: null, timedOut: false }
    }
    const replies = this.outgoing.get(name) ?? []
    const timeoutMs = Math.min(Math.max(req.timeoutMs ?? 10_000, 1), 60_000)
    const answered = new Promise<LogEntry | null | 'timeout'>((resolve) => {
      const timer = setTimeout(() => {
        conn.pending.delete(id)
        resolve('timeout')
      }, timeoutMs)
      conn.pending.set(id, {
        replies,
        settle: (e) => {
          clearTimeout(timer)
          conn.pending.delete(id)
          resolve(e)
        },
      })
    })
    this.emit(conn, message, [name])
    const reply = await answered
    return { sent: message, reply: reply === 'timeout' ? null : reply, timedOut: reply === 'timeout' }
  }
}
