/**
 * What `make gen` tells the WebSocket mock about one AsyncAPI document (generated/mock/ws.gen.ts):
 * the channel, the handshake (security scheme and query parameters), the close codes, each
 * message's JSON-RPC method and named examples, which messages answer which, and the document's
 * precompiled message validators (generated/<name>-ws/validators.gen.ts).
 */
import type { ValidateFn } from '../../types.js'

export interface WsQueryParam {
  type?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  [keyword: string]: unknown
}

export interface WsMockTable {
  /** The AsyncAPI file under spec/. */
  file: string
  /** The channel's address, e.g. `/ws/node`. */
  address: string
  /** The handshake's security scheme (a name shared with the OpenAPI document, so its verifier is reused). */
  security: { scheme: string; in: 'query' | 'header' | null; name: string | null } | null
  /** The ws binding's query schema. */
  query: { required?: string[]; properties?: Record<string, WsQueryParam>; [keyword: string]: unknown } | null
  closeCodes: { code: number; reason: string; description?: string }[]
  messages: Record<string, { method: string | null; batch: boolean; examples: Record<string, unknown> }>
  /** `receive`: the client sends `messages`, the server answers with `replies`; `send`: the other way. */
  operations: { action: 'send' | 'receive'; messages: string[]; replies: string[] }[]
  validators: Record<string, ValidateFn>
}
