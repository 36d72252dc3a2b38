/**
 * JSON-RPC 2.0 envelopes, shared by the orchestrator's node hub and the WebSocket mock: telling
 * requests, notifications and responses apart, the standard error codes, error responses.
 */

export type RpcId = string | number
export type ResponseId = RpcId | null

/** The specification's own error codes; a protocol adds its own beside them. */
export const STANDARD_RPC = {
  parseError: { code: -32700, message: 'Parse error' },
  invalidRequest: { code: -32600, message: 'Invalid Request' },
  methodNotFound: { code: -32601, message: 'Method not found' },
  invalidParams: { code: -32602, message: 'Invalid params' },
  internal: { code: -32603, message: 'Internal error' },
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
