/**
 * Findori's error shape: `{error, message?, details?}` with the spec's error codes.
 * Validation issues point from the request root (`/body/title`, `/path/date`), and a bad
 * `{date}` path parameter is `invalid_date`, as the seed's feed endpoint documents.
 */
import type { ErrorMapper, KitError } from '../../kit/errors.js'

const CODE: Record<KitError['kind'], [number, string]> = {
  validation: [400, 'invalid_request'],
  malformed_json: [400, 'invalid_request'],
  unsupported_media_type: [415, 'unsupported_media_type'],
  payload_too_large: [413, 'payload_too_large'],
  unauthorized: [401, 'unauthorized'],
  forbidden: [401, 'unauthorized'],
  not_found: [404, 'not_found'],
  method_not_allowed: [405, 'method_not_allowed'],
  rate_limited: [429, 'rate_limited'],
  conflict: [409, 'pipeline_running'],
  idempotency_mismatch: [422, 'idempotency_key_reused'],
  internal: [500, 'internal_error'],
}

const MESSAGE: Partial<Record<KitError['kind'], string>> = {
  validation: '요청 형식이 올바르지 않습니다.',
  malformed_json: '요청 본문이 올바른 JSON이 아닙니다.',
  unsupported_media_type: 'Content-Type은 application/json이어야 합니다.',
  payload_too_large: '요청 본문이 너무 큽니다.',
  unauthorized: '인증이 필요합니다.',
  not_found: '요청한 경로를 찾을 수 없습니다.',
  method_not_allowed: '허용되지 않은 메서드입니다.',
  rate_limited: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.',
  internal: '서버 오류가 발생했습니다.',
}

export const findoriErrors: ErrorMapper = (err) => {
  const [status, error] = CODE[err.kind]
  const body: { error: string; message?: string; details?: unknown } = { error, message: MESSAGE[err.kind] ?? err.message }
  if (err.kind === 'validation' && err.detail.issues) {
    if (err.detail.issues.some((i) => i.location === 'path' && i.pointer === '/date')) {
      body.error = 'invalid_date'
      body.message = '날짜는 YYYY-MM-DD 형식이어야 합니다.'
    }
    body.details = err.detail.issues.map((i) => ({ pointer: `/${i.location}${i.pointer}`, message: i.message }))
  }
  if (err.kind === 'malformed_json') body.details = [{ pointer: '/body', message: err.message }]
  return { status, body }
}
