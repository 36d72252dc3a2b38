/**
 * Saju's error model (seed 004): `{error_code, message, trace_id, hint, details?}` with the
 * seed's eight codes plus E_METHOD_NOT_ALLOWED / E_PAYLOAD_TOO_LARGE / E_UNSUPPORTED_MEDIA_TYPE,
 * and Korean messages; `signatures` is added to every body by signatures.ts.
 * trace_id is the request's X-Request-Id verbatim; when that header is missing or malformed the
 * kit's server-issued id stands in (the refused value is never reflected).
 */
import { randomBytes } from 'node:crypto'
import type { ErrorMapper, FieldIssue, KitError } from '../../kit/errors.js'

/** The X-Request-Id the spec accepts; anything else is never echoed. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/

/** The id to use as trace_id: the client's own when it is valid, otherwise a fresh server-issued one. */
export const traceIdOf = (requestId: string) => (REQUEST_ID_PATTERN.test(requestId) ? requestId : `req_${randomBytes(16).toString('hex')}`)

const MAP: Record<KitError['kind'], [number, string, string, string]> = {
  validation: [400, 'E_BAD_REQUEST', '요청 형식이 올바르지 않습니다.', 'details의 pointer가 가리키는 필드를 확인하세요.'],
  malformed_json: [400, 'E_BAD_REQUEST', '요청 본문이 올바른 JSON이 아닙니다.', 'JSON 문법을 확인하세요.'],
  unsupported_media_type: [415, 'E_UNSUPPORTED_MEDIA_TYPE', 'Content-Type은 application/json이어야 합니다.', 'Content-Type: application/json 헤더를 보내세요.'],
  payload_too_large: [413, 'E_PAYLOAD_TOO_LARGE', '요청 본문이 너무 큽니다.', '본문을 1 MiB 이하로 줄이세요.'],
  unauthorized: [401, 'E_UNAUTHORIZED', '인증이 필요합니다.', 'Authorization: Bearer <토큰>을 보내거나 다시 로그인하세요.'],
  forbidden: [403, 'E_FORBIDDEN', '권한이 없습니다.', '플랜과 권한을 확인하세요.'],
  not_found: [404, 'E_NOT_FOUND', '요청한 경로를 찾을 수 없습니다.', 'API 경로를 확인하세요.'],
  method_not_allowed: [405, 'E_METHOD_NOT_ALLOWED', '허용되지 않은 메서드입니다.', 'Allow 헤더의 메서드를 사용하세요.'],
  rate_limited: [429, 'E_RATE_LIMIT', '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', 'Retry-After 초 이후 재시도하세요.'],
  conflict: [
    409,
    'E_CONFLICT',
    '같은 Idempotency-Key의 최초 요청이 아직 처리 중입니다.',
    '최초 요청의 응답을 받은 뒤 같은 키로 다시 보내면 그 응답이 재반환됩니다.',
  ],
  idempotency_mismatch: [
    422,
    'E_UNPROCESSABLE',
    '같은 Idempotency-Key가 다른 요청 본문으로 이미 사용되었습니다.',
    '새 요청에는 새 Idempotency-Key를 사용하세요.',
  ],
  internal: [500, 'E_SERVER', '일시적인 서버 오류가 발생했습니다.', '잠시 후 다시 시도하고, 계속되면 trace_id로 문의하세요.'],
}

/** Headers are named `/headers/<lower-case name>` in saju's pointers, as its spec documents. */
const pointerOf = (i: FieldIssue) =>
  i.location === 'header' ? `/headers/${i.pointer.slice(1).toLowerCase()}` : `/${i.location === 'body' ? 'body' : i.location}${i.pointer}`

const requestIdRefused = (err: KitError) =>
  err.kind === 'validation' && !!err.detail.issues?.some((i) => i.location === 'header' && /^\/x-request-id$/i.test(i.pointer))

export const sajuErrors: ErrorMapper = (err, ctx) => {
  // A reused Idempotency-Key is the kit's `idempotency_mismatch` (422, IETF draft); `conflict` is
  // only "the first request is still in flight" (409).
  const [status, error_code, message, hint] = MAP[err.kind]
  // A refused X-Request-Id is never reflected: the kit hands a server-issued id for it (or, for a
  // short one it still considers safe, traceIdOf issues one).
  const body: Record<string, unknown> = { error_code, message, trace_id: traceIdOf(ctx.requestId), hint }
  if (err.kind === 'validation' && err.detail.issues?.length) {
    body.details = err.detail.issues.map((i) => ({ pointer: pointerOf(i), message: i.message }))
    if (requestIdRefused(err)) body.hint = 'X-Request-Id 헤더(8~128자, 영숫자와 ._:-)를 보내세요.'
  }
  if (err.kind === 'malformed_json') body.details = [{ pointer: '/body', message: err.message }]
  const headers: Record<string, string | number> = {}
  if (err.kind === 'method_not_allowed' && err.detail.allow?.length) headers.Allow = err.detail.allow.join(', ').toUpperCase()
  return { status, body, ...(Object.keys(headers).length ? { headers } : {}) }
}
