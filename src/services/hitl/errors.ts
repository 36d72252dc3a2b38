/**
 * HITL's error shape: `{success: false, error, message, detail?}` with a short Korean message a
 * frontend can show as a toast. Validation failures under `/body/modifications` are
 * `invalid_modifications` (the seed's 422 case); other validation failures `validation_error`.
 */
import type { ErrorMapper, KitError } from '../../kit/errors.js'

const CODE: Record<KitError['kind'], [number, string, string]> = {
  validation: [422, 'validation_error', '요청 형식이 올바르지 않습니다.'],
  malformed_json: [422, 'validation_error', '요청 본문이 올바른 JSON이 아닙니다.'],
  unsupported_media_type: [415, 'unsupported_media_type', 'Content-Type은 application/json이어야 합니다.'],
  payload_too_large: [413, 'payload_too_large', '요청 본문이 너무 큽니다.'],
  unauthorized: [401, 'unauthorized', '인증이 필요합니다.'],
  // hitl has one credential: a refused one is 401 like a missing one.
  forbidden: [401, 'unauthorized', '인증이 필요합니다.'],
  not_found: [404, 'not_found', '요청한 경로를 찾을 수 없습니다.'],
  method_not_allowed: [405, 'method_not_allowed', '허용되지 않은 메서드입니다.'],
  rate_limited: [429, 'rate_limited', '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.'],
  conflict: [409, 'already_decided', '이미 처리된 승인 요청입니다.'],
  idempotency_mismatch: [422, 'idempotency_key_reused', '같은 Idempotency-Key가 다른 요청에 이미 쓰였습니다.'],
  internal: [500, 'internal_error', '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.'],
}

export const hitlErrors: ErrorMapper = (err) => {
  const [status, error, message] = CODE[err.kind]
  const body: { success: false; error: string; message: string; detail?: unknown } = { success: false, error, message }
  if (err.kind === 'validation' && err.detail.issues?.length) {
    const errors = err.detail.issues.map((i) => ({ pointer: `/${i.location}${i.pointer}`, message: i.message, type: i.keyword }))
    if (errors.every((e) => e.pointer.startsWith('/body/modifications'))) {
      body.error = 'invalid_modifications'
      body.message = '수정 내용이 올바르지 않습니다.'
    }
    body.detail = { errors }
  }
  if (err.kind === 'malformed_json') body.detail = { errors: [{ pointer: '/body', message: err.message, type: 'json_invalid' }] }
  return { status, body }
}
