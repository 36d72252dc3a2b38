/**
 * The contract runtime's vocabulary: what the generator emits (route tables, examples) and what
 * services supply (handlers, error mapping, security verifiers). The kit imports no service.
 */
import type { StreamingBody } from './streaming.js'

export type MaybePromise<T> = T | Promise<T>

/** Whether a MaybePromise must be awaited (the pipeline stays synchronous while nothing waits). */
export const isPromise = <T>(v: MaybePromise<T>): v is Promise<T> => typeof (v as Promise<T> | null)?.then === 'function'

/** A non-JSON body (image/png, application/pdf, text/html): bytes or text, or a response's stream of them (text/event-stream). */
export type BinaryBody = Uint8Array | string | StreamingBody

/** One documented response, as a handler returns it. */
export interface HandlerResult<S extends number = number, B = unknown> {
  status: S
  body: B
  headers?: Record<string, string | number>
  /** Only for non-JSON responses whose spec lists several media types. */
  contentType?: string
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace'
export type ParamLocation = 'path' | 'query' | 'header' | 'cookie'

export interface RouteParam {
  name: string
  required: boolean
  array: boolean
}

export interface RouteResponse {
  contentType: string | null
  json: boolean
  requiredHeaders: string[]
  validator: string | null
}

export interface RouteDef {
  operationId: string
  method: HttpMethod | string
  path: string
  security: Record<string, string[]>[] | null
  params: Record<ParamLocation, RouteParam[]>
  validators: Partial<Record<ParamLocation | 'body', string>>
  body: { required: boolean; contentType: string; json: boolean } | null
  responses: Record<string, RouteResponse>
  idempotencyHeader: string | null
}

export interface SecuritySchemeDef {
  type: 'http' | 'apiKey' | string
  scheme?: string
  in?: 'header' | 'query' | 'cookie'
  name?: string
  bearerFormat?: string
  description?: string
}

export interface ContractTable {
  slug: string
  title: string
  version: string
  securitySchemes: Record<string, SecuritySchemeDef | any>
  routes: RouteDef[]
}

export interface OperationExamples {
  request: { params: Record<ParamLocation, Record<string, unknown>>; body: Record<string, unknown> | null }
  responses: Record<string, { examples: Record<string, unknown>; headers: Record<string, unknown> }>
}
export type ContractExamples = Record<string, OperationExamples>

/** A precompiled Ajv validate function (standalone code keeps the same calling convention). */
export interface ValidateFn {
  (data: unknown): boolean
  errors?: AjvErrorLike[] | null
}

export interface AjvErrorLike {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, any>
  schemaPath?: string
}

/** What the kit hands every handler besides the typed request. */
export interface RequestMeta {
  requestId: string
  operationId: string
  /** Who the security layer let in, per scheme name (the verifier's return value). */
  principal: Principal | null
  clientAddress: string
  method: string
  /** The request path, without the query. */
  path: string
  /**
   * The query string as received, without `?` ('' when none): percent escapes, `+`, order and
   * repeated keys kept (the parsed `query` cannot give them back). On the fetch path it is the
   * URL parser's, which only escapes what a URL may not hold raw (a space, `"`, `<`, `>`).
   */
  rawQuery: string
  /** performance.now() when the request arrived, for the access log. */
  startedAt: number
  /** The browser's Origin header, read only when CORS is on. */
  origin?: string
}

export interface Principal {
  scheme: string
  id: string
  [key: string]: unknown
}
