/**
 * One node's WebSocket: outgoing messages validated against the AsyncAPI payloads, server →
 * node requests (execute, ping, cancel) awaited by id with a timeout, and the connection's
 * message budget (what counts is the hub's decision).
 */
import type { WebSocket } from 'ws'
import { validators } from '../../../../generated/orchestrator-ws/validators.gen.js'
import type { ValidateFn } from '../../../kit/types.js'
import { summarizeIssues, issuesOf } from '../../../kit/validation.js'
import { MessageRate } from './message-rate.js'
import type { RpcId } from './jsonrpc.js'

const wsValidators = validators as unknown as Record<string, ValidateFn>

export type OutgoingMethod = 'execute' | 'ping' | 'cancel'
const RESULT_VALIDATOR: Record<OutgoingMethod, string> = { execute: 'executeResult', ping: 'pingResult', cancel: 'cancelResult' }

export type RequestOutcome =
  | { kind: 'result'; result: Record<string, unknown> }
  | { kind: 'error'; error: { code: number; message: string; data?: Record<string, unknown> } }
  | { kind: 'timeout' }
  /** The connection closed or a reset dropped the wait: nobody knows what the node did. */
  | { kind: 'aborted' }

interface Pending {
  method: OutgoingMethod
  timer: NodeJS.Timeout
  settle: (o: RequestOutcome) => void
}

let nextConnectionId = 1

export class NodeConnection {
  readonly id = nextConnectionId++
  /** True after the first heartbeat on this connection: only then are tasks dispatched to it. */
  ready = false
  readonly rate: MessageRate
  private readonly pending = new Map<RpcId, Pending>()
  private seq = 0

  constructor(
    private readonly ws: WebSocket,
    readonly nodeId: string,
    readonly ip: string | null,
    msgPerSec: () => number,
    private readonly onInvalidOutgoing: (problem: string) => void,
  ) {
    this.rate = new MessageRate(msgPerSec)
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN
  }

  /** Sends one message after checking it against its AsyncAPI payload schema. */
  send(message: unknown, validator: string): void {
    const validate = wsValidators[validator]
    if (validate && !validate(message)) {
      // Our own message breaking the contract is a bug: report it and do not send it.
      this.onInvalidOutgoing(`${validator}: ${summarizeIssues(issuesOf(validate, 'body'))}`)
      return
    }
    if (this.open) this.ws.send(JSON.stringify(message))
  }

  /** Sends a server → node request and resolves with its outcome; never rejects. */
  request(method: OutgoingMethod, params: Record<string, unknown> | undefined, timeoutMs: number): Promise<RequestOutcome> {
    const id = `${method === 'execute' ? 'cmd' : method}-${this.id}-${++this.seq}`
    return new Promise((resolve) => {
      const settle = (o: RequestOutcome) => {
        clearTimeout(entry.timer)
        this.pending.delete(id)
        resolve(o)
      }
      const entry: Pending = { method, settle, timer: setTimeout(() => settle({ kind: 'timeout' }), timeoutMs) }
      entry.timer.unref?.()
      this.pending.set(id, entry)
      this.send(params ? { jsonrpc: '2.0', method, params, id } : { jsonrpc: '2.0', method, id }, method)
      if (!this.open) settle({ kind: 'aborted' })
    })
  }

  /** Whether `id` names one of our requests still awaiting the node's answer. */
  awaits(id: RpcId): boolean {
    return this.pending.has(id)
  }

  /** A response from the node; one that breaks its schema counts as an error response. */
  settle(id: RpcId, message: Record<string, unknown>): boolean {
    const entry = this.pending.get(id)
    if (!entry) return false
    const ok = wsValidators[RESULT_VALIDATOR[entry.method]]
    const err = wsValidators.errorResponse
    if ('result' in message && ok(message)) entry.settle({ kind: 'result', result: message.result as Record<string, unknown> })
    else if ('error' in message && err(message)) entry.settle({ kind: 'error', error: message.error as { code: number; message: string } })
    else entry.settle({ kind: 'error', error: { code: -32603, message: 'Malformed response from node' } })
    return true
  }

  /** Drops every wait (connection gone, or an L1 reset discarding dispatch state). */
  abortPending(): void {
    for (const entry of [...this.pending.values()]) entry.settle({ kind: 'aborted' })
  }

  close(code: number, reason: string): void {
    this.abortPending()
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason)
  }

  terminate(): void {
    this.abortPending()
    this.ws.terminate()
  }
}
