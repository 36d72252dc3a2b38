/**
 * JSON-RPC 2.0 envelopes of the node protocol: telling requests, notifications and responses
 * apart, and building error objects with the codes of spec/orchestrator.asyncapi.yaml. Schema
 * failures become `data.errors[] = {field, message, type, pointer}`, the REST validation shape.
 */
import { issuesOf } from '../../../kit/validation.js'
import type { FieldIssue } from '../../../kit/errors.js'
import type { ValidateFn } from '../../../kit/types.js'
import { validationBody } from '../errors.js'

export type RpcId = string | number
export type ResponseId = RpcId | null

export const RPC = {
  parseError: { code: -32700, message: 'Parse error' },
  invalidRequest: { code: -32600, message: 'Invalid Request' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  invalidParams: { code: -32602, message: 'Invalid params' },
  internal: { code: -32603, message: 'Internal error' },
  rateLimited: { code: -32000, message: 'Rate limited' },
  forbidden: { code: -32001, message: 'Forbidden' },
  taskNotFound: { code: -32002, message: 'Task not found' },
  taskNotRunning: { code: -32003, message: 'Task not running' },
  // Sent by nodes in answer to execute / cancel.
  deviceBusy: { code: -32010, message: 'Device busy' },
  deviceOffline: { code: -32011, message: 'Device offline' },
  commandNotSupported: { code: -32012, message: 'Command not supported' },
  taskNotFoundOnNode: { code: -32013, message: 'Task not found on node' },
} as const

export interface RpcErrorObject {
  code: number
  message: string
  data?: Record<string, unknown>
}

export interface RpcErrorResponse {
  jsonrpc: '2.0'
  error: RpcErrorObject
  id: ResponseId
}

/** A failure a method handler reports: becomes the error response of a request. */
export class RpcFailure extends Error {
  constructor(
    readonly rpc: { code: number; message: string },
    readonly data?: Record<string, unknown>,
  ) {
    super(rpc.message)
  }
}

export const errorResponse = (rpc: { code: number; message: string }, id: ResponseId, data?: Record<string, unknown>): RpcErrorResponse => ({
  jsonrpc: '2.0',
  error: data ? { code: rpc.code, message: rpc.message, data } : { code: rpc.code, message: rpc.message },
  id,
})

export const isRpcId = (v: unknown): v is RpcId => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))

export type Incoming =
  | { kind: 'request'; method: string; id: RpcId | null; message: Record<string, unknown> }
  | { kind: 'response'; id: RpcId; message: Record<string, unknown> }
  | { kind: 'invalid'; id: ResponseId; details: string }

/** Sorts one item of a frame into request/notification (`id: null`), response, or invalid. */
export function classify(item: unknown): Incoming {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return { kind: 'invalid', id: null, details: 'a JSON-RPC message must be an object' }
  const m = item as Record<string, unknown>
  const id = isRpcId(m.id) ? m.id : null
  if (m.jsonrpc !== '2.0') return { kind: 'invalid', id, details: '"jsonrpc" must be "2.0"' }
  if ('id' in m && m.id !== null && !isRpcId(m.id)) return { kind: 'invalid', id: null, details: '"id" must be a string or an integer' }
  if ('method' in m) {
    if (typeof m.method !== 'string') return { kind: 'invalid', id, details: '"method" must be a string' }
    if ('result' in m || 'error' in m) return { kind: 'invalid', id, details: 'a request has no "result" or "error"' }
    if ('id' in m && m.id === null) return { kind: 'invalid', id: null, details: '"id" must not be null' }
    return { kind: 'request', method: m.method, id, message: m }
  }
  if ('result' in m !== 'error' in m && id !== null) return { kind: 'response', id, message: m }
  return { kind: 'invalid', id, details: 'neither a request nor a response' }
}

/** -32602 data for a message that failed its schema; pointers are inside the message. */
export function invalidParamsData(validate: ValidateFn): { errors: unknown[] } {
  const issues: FieldIssue[] = issuesOf(validate, 'body').map((i) => ({ ...i, pointer: i.pointer }))
  const { details } = validationBody(issues)
  const errors = (details.errors as { field: string; message: string; type: string; pointer: string }[]).map((e, n) => {
    const pointer = issues[n].pointer || '/'
    const inParams = pointer.startsWith('/params/') ? pointer.slice('/params/'.length) : pointer.slice(1)
    return { ...e, field: inParams.split('/').join('.') || 'params', pointer }
  })
  return { errors }
}

/** Whether a schema failure concerns the params (−32602) rather than the envelope (−32600). */
export function onlyParamsIssues(validate: ValidateFn): boolean {
  return issuesOf(validate, 'body').every((i) => i.pointer === '/params' || i.pointer.startsWith('/params/'))
}
