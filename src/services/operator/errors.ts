/**
 * The operator plane speaks FastAPI's error shapes: `{detail: "..."}`, and for request
 * validation 422 `{detail: [{loc, msg, type, pointer}]}`, which its dashboard already handles.
 */
import type { ErrorMapper, FieldIssue, KitError } from '../../kit/errors.js'

const STATUS: Record<KitError['kind'], number> = {
  validation: 422,
  malformed_json: 422,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  rate_limited: 429,
  conflict: 409,
  idempotency_mismatch: 422,
  internal: 500,
}

const MESSAGE: Partial<Record<KitError['kind'], string>> = {
  unsupported_media_type: 'Content-Type은 application/json이어야 합니다.',
  payload_too_large: '요청 본문이 너무 큽니다.',
  not_found: '요청한 경로를 찾을 수 없습니다.',
  method_not_allowed: '허용되지 않은 메서드입니다.',
  rate_limited: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.',
  internal: '서버 내부 오류가 발생했습니다.',
}

/** FastAPI's `loc`: the location, then each pointer segment (array indexes as numbers). */
export function fastApiItem(issue: FieldIssue) {
  const segments = issue.pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  return {
    loc: [issue.location, ...segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s))],
    msg: issue.message,
    type: issue.keyword === 'required' ? 'missing' : issue.keyword,
    pointer: `/${issue.location}${issue.pointer}`,
  }
}

const AUTH_MESSAGE = {
  missing: '인증이 필요합니다. Authorization: Bearer <토큰> 헤더를 보내세요.',
  malformed: '인증이 필요합니다. Authorization: Bearer <토큰> 헤더를 보내세요.',
  invalid: '인증 토큰이 올바르지 않습니다.',
} as const

export const operatorErrors: ErrorMapper = (err) => {
  const status = STATUS[err.kind]
  if (err.kind === 'unauthorized') {
    return { status, body: { detail: AUTH_MESSAGE[err.detail.auth ?? 'invalid'] }, headers: { 'WWW-Authenticate': 'Bearer' } }
  }
  if (err.kind === 'validation' && err.detail.issues?.length) {
    return { status, body: { detail: err.detail.issues.map(fastApiItem) } }
  }
  if (err.kind === 'malformed_json') {
    return { status, body: { detail: [{ loc: ['body'], msg: err.message, type: 'json_invalid', pointer: '/body' }] } }
  }
  return { status, body: { detail: MESSAGE[err.kind] ?? err.message } }
}
