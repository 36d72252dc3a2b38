/**
 * JSON-RPC 2.0 envelopes for the WebSocket mock: telling requests, notifications and responses
 * apart, and the standard error objects. Schema failures carry `data.errors[] = {field, message,
 * type, pointer}` (pointers inside the message), the shape the AsyncAPI document gives -32602.
 */
import { issuesOf } from '../../validation.js'
import type { ValidateFn } from '../../types.js'

export type RpcId = string | number
export const RPC = {
  parseError: { code: -32700, message: 'Parse error' },
  invalidRequest: { code: -32600, message: 'Invalid Request' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  invalidParams: { code: -32602, message: 'Invalid params' },
} as const

export const errorResponse = (rpc: { code: number; message: string }, id: RpcId | null, data?: Record<string, unknown>) => ({
  jsonrpc: '2.0' as const,
  error: data ? { ...rpc, data } : { ...rpc },
  id,
})

const isId = (v: unknown): v is RpcId => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))

export type Incoming =
  | { kind: 'request'; method: string; id: RpcId | null; message: Record<string, unknown> }
  | { kind: 'response'; id: RpcId; message: Record<string, unknown> }
  | { kind: 'invalid'; id: RpcId | null; details: string }

export function classify(item: unknown): Incoming {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return { kind: 'invalid', id: null, details: 'a JSON-RPC message must be an object' }
  const m = item as Record<string, unknown>
  const id = isId(m.id) ? m.id : null
  if (m.jsonrpc !== '2.0') return { kind: 'invalid', id, details: '"jsonrpc" must be "2.0"' }
  if ('id' in m && m.id !== null && !isId(m.id)) return { kind: 'invalid', id: null, details: '"id" must be a string or an integer' }
  if ('method' in m) {
    if (typeof m.method !== 'string') return { kind: 'invalid', id, details: '"method" must be a string' }
    if ('result' in m || 'error' in m) return { kind: 'invalid', id, details: 'a request has no "result" or "error"' }
    return { kind: 'request', method: m.method, id, message: m }
  }
  if ('result' in m !== 'error' in m && id !== null) return { kind: 'response', id, message: m }
  return { kind: 'invalid', id, details: 'neither a request nor a response' }
}

/** The schema failure of a message: -32602 when only its params are wrong, else -32600. */
export function schemaError(validate: ValidateFn, id: RpcId | null) {
  const issues = issuesOf(validate, 'body')
  const errors = issues.map((i) => {
    const pointer = i.pointer || '/'
    const inParams = pointer.startsWith('/params/') ? pointer.slice('/params/'.length) : pointer.slice(1)
    return { field: inParams.split('/').join('.') || 'params', message: i.message, type: i.keyword, pointer }
  })
  const onlyParams = issues.every((i) => i.pointer === '/params' || i.pointer.startsWith('/params/'))
  return errorResponse(onlyParams ? RPC.invalidParams : RPC.invalidRequest, id, { errors })
}
