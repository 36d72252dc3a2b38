/**
 * One error type for everything the kit refuses or trips over. Each contract maps it to its own
 * error shape at one boundary (src/services/<slug>/errors.ts); handlers return expected failures
 * as documented responses and throw only surprises.
 */
import type { ParamLocation } from './types.js'

export interface FieldIssue {
  /** Where in the request: a parameter location or the body. */
  location: ParamLocation | 'body'
  /** JSON pointer inside that location, e.g. `/params/duration`; `` for the whole part. */
  pointer: string
  message: string
  /** The JSON Schema keyword that failed (required, type, enum, minimum…). */
  keyword: string
}

export type KitErrorKind =
  | 'validation' // a request part breaks its schema
  | 'malformed_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found' // no such route
  | 'method_not_allowed'
  | 'rate_limited'
  | 'conflict' // e.g. an Idempotency-Key whose first request is still running
  | 'idempotency_mismatch' // an Idempotency-Key reused with a different request
  | 'internal'

export type AuthFailure = 'missing' | 'malformed' | 'invalid'

export interface KitErrorInit {
  message?: string
  issues?: FieldIssue[]
  /** For unauthorized: which scheme refused and why. */
  scheme?: string
  auth?: AuthFailure
  allow?: string[]
  retryAfterSec?: number
  limit?: number
  windowSec?: number
  cause?: unknown
  /** The status to answer whatever the contract maps the kind to (the mock's 400 for a `Prefer` it cannot honour). */
  status?: number
}

export class KitError extends Error {
  readonly kind: KitErrorKind
  readonly detail: KitErrorInit

  constructor(kind: KitErrorKind, detail: KitErrorInit = {}) {
    super(detail.message ?? kind)
    this.kind = kind
    this.detail = detail
  }
}

/** What a contract's error mapper returns: status and body in that contract's shape. */
export interface ErrorResponse {
  status: number
  body: unknown
  headers?: Record<string, string | number>
}

export interface ErrorContext {
  requestId: string
  operationId: string | null
  now: Date
}

export type ErrorMapper = (error: KitError, ctx: ErrorContext) => ErrorResponse
