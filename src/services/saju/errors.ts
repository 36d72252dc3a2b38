/**
 * Saju's error model (seed 004): `{error_code, message, trace_id, hint, details?}` with the
 * seed's eight codes and Korean messages; `signatures` is added to every body by signatures.ts.
 * trace_id is derived from the request id (32 hex), so both lead to the same log lines.
 */
import { createHash } from 'node:crypto'
import type { ErrorMapper, FieldIssue, KitError } from '../../kit/errors.js'

export const traceIdOf = (requestId: string) => createHash('sha256').update(requestId).digest('hex').slice(0, 32)

const MAP: Record<KitError['kind'], [number, string, string, string]> = {
  validation: [400, 'E_BAD_REQUEST', '요청 형식이 올바르지 않습니다.', 'details의 pointer가 가리키는 필드를 확인하세요.'],
  malformed_json: [400, 'E_BAD_REQUEST', '요청 본문이 올바른 JSON이 아닙니다.', 'JSON 문법을 확인하세요.'],
  unsupported_media_type: [415, 'E_BAD_REQUEST', 'Content-Type은 application/json이어야 합니다.', 'Content-Type: application/json 헤더를 보내세요.'],
  payload_too_large: [413, 'E_BAD_REQUEST', '요청 본문이 너무 큽니다.', '본문 크기를 줄이세요.'],
  unauthorized: [401, 'E_UNAUTHORIZED', '인증에 실패했습니다.', 'Authorization: Bearer <토큰> 헤더와 토큰 만료 여부를 확인하세요.'],
  forbidden: [403, 'E_FORBIDDEN', '권한이 없습니다.', '플랜과 권한을 확인하세요.'],
  not_found: [404, 'E_NOT_FOUND', '요청한 경로를 찾을 수 없습니다.', 'API 경로를 확인하세요.'],
  method_not_allowed: [405, 'E_BAD_REQUEST', '허용되지 않은 메서드입니다.', 'Allow 헤더의 메서드를 사용하세요.'],
  rate_limited: [429, 'E_RATE_LIMIT', '요청이 너무 많습니다.', 'Retry-After 초 후에 다시 시도하세요.'],
  conflict: [409, 'E_CONFLICT', '현재 상태와 충돌합니다.', ''],
  idempotency_mismatch: [422, 'E_UNPROCESSABLE', '같은 Idempotency-Key가 다른 요청 본문으로 이미 사용되었습니다.', '새 Idempotency-Key로 다시 요청하세요.'],
  internal: [500, 'E_SERVER', '서버 내부 오류가 발생했습니다.', 'trace_id와 함께 문의하세요.'],
}

/** Headers are named `/headers/<lower-case name>` in saju's pointers, as its spec documents. */
const pointerOf = (i: FieldIssue) =>
  i.location === 'header' ? `/headers/${i.pointer.slice(1).toLowerCase()}` : `/${i.location === 'body' ? 'body' : i.location}${i.pointer}`

export const sajuErrors: ErrorMapper = (err, ctx) => {
  const [status, error_code, message, hint] = MAP[err.kind]
  const body: Record<string, unknown> = { error_code, message, trace_id: traceIdOf(ctx.requestId), hint }
  if (err.kind === 'validation' && err.detail.issues?.length) body.details = err.detail.issues.map((i) => ({ pointer: pointerOf(i), message: i.message }))
  if (err.kind === 'malformed_json') body.details = [{ pointer: '/body', message: err.message }]
  if (err.kind === 'conflict') body.hint = err.message
  return { status, body }
}
