/**
 * The orchestrator's error shape (seed 002): `{error, message, code, details, timestamp,
 * request_id}` with the seed's codes and messages. Validation: 422 VALIDATION_ERROR with
 * `details.errors[] = {field, message, type, pointer}`; the code is VAL_002 when anything is
 * missing, VAL_003 for wrong types or unknown fields, else VAL_004 (value out of range). A body
 * too large is 413 VAL_005, a body that is not JSON 415 VAL_006 (additions in the same family).
 */
import type { ErrorMapper, FieldIssue, KitError } from '../../kit/errors.js'

export interface OrchestratorErrorBody {
  error: string
  message: string
  code: string
  details: Record<string, unknown>
  timestamp: string
  request_id: string
}

const AUTH: Record<string, [string, string]> = {
  missing: ['AUTH_003', 'Token missing'],
  malformed: ['AUTH_004', 'Token format invalid'],
  invalid: ['AUTH_001', 'Invalid or expired token'],
}

function issueType(i: FieldIssue): string {
  if (i.keyword === 'required') return 'missing'
  if (i.keyword === 'additionalProperties' || i.keyword === 'false schema') return 'unknown_field'
  if (i.keyword === 'type') return 'type'
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems'].includes(i.keyword))
    return 'out_of_range'
  return 'invalid'
}

/** `device_id`, `params.duration`: the seed's `field` is a dotted path inside the location. */
const fieldOf = (i: FieldIssue) =>
  i.pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.') || i.location

export function validationBody(issues: FieldIssue[]): Pick<OrchestratorErrorBody, 'code' | 'details'> {
  const errors = issues.map((i) => ({ field: fieldOf(i), message: i.message, type: issueType(i), pointer: `/${i.location}${i.pointer}` }))
  const types = new Set(errors.map((e) => e.type))
  const code = types.has('missing') ? 'VAL_002' : types.has('type') || types.has('invalid') || types.has('unknown_field') ? 'VAL_003' : 'VAL_004'
  return { code, details: { errors } }
}

export const orchestratorErrors: ErrorMapper = (err: KitError, ctx) => {
  const base = { timestamp: ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'), request_id: ctx.requestId }
  const make = (status: number, error: string, code: string, message: string, details: Record<string, unknown> = {}) => ({
    status,
    body: { error, message, code, details, ...base } satisfies OrchestratorErrorBody,
  })
  switch (err.kind) {
    case 'validation':
      return { status: 422, body: { error: 'VALIDATION_ERROR', message: 'Request validation failed', ...validationBody(err.detail.issues ?? []), ...base } }
    case 'malformed_json':
      return make(400, 'BAD_REQUEST', 'VAL_001', 'Invalid JSON format', { reason: err.message })
    case 'unauthorized': {
      const [code, message] = AUTH[err.detail.auth ?? 'invalid']
      // A wrong token on a node endpoint is the seed's AUTH_002 (verify_node_token).
      const nodeCode = err.detail.auth === 'invalid' && err.detail.scheme === 'nodeBearer'
      return make(401, 'UNAUTHORIZED', nodeCode ? 'AUTH_002' : code, nodeCode ? 'Invalid node token' : message)
    }
    case 'rate_limited':
      return make(429, 'RATE_LIMITED', 'RATE_001', 'Too many requests', {
        limit: err.detail.limit,
        window: err.detail.windowSec! % 60 === 0 ? `${err.detail.windowSec! / 60}m` : `${err.detail.windowSec}s`,
        retry_after: err.detail.retryAfterSec,
      })
    case 'not_found':
      return make(404, 'NOT_FOUND', 'REQ_001', 'Route not found')
    case 'method_not_allowed':
      return make(405, 'METHOD_NOT_ALLOWED', 'REQ_002', 'Method not allowed', { allow: err.detail.allow ?? [] })
    // Request-format failures like VAL_001: the seed's validation family, extended (spec `ErrorCode`).
    case 'payload_too_large':
      return make(413, 'PAYLOAD_TOO_LARGE', 'VAL_005', 'Payload too large', { reason: err.message })
    case 'unsupported_media_type':
      return make(415, 'UNSUPPORTED_MEDIA_TYPE', 'VAL_006', 'Unsupported media type', { reason: err.message })
    case 'forbidden':
      return make(403, 'FORBIDDEN', 'BIZ_004', 'Operation not allowed', { reason: err.message })
    case 'conflict':
      return make(409, 'CONFLICT', 'BIZ_004', 'Operation not allowed', { reason: err.message })
    case 'idempotency_mismatch':
      return make(422, 'UNPROCESSABLE', 'BIZ_004', 'Idempotency-Key reused with a different request', { reason: err.message })
    case 'internal':
      return make(500, 'INTERNAL_ERROR', 'SRV_001', 'Internal server error')
  }
}
