/**
 * Saju's documented failures as handler results: `{error_code, message, trace_id, hint, details?}`
 * (signatures.ts adds `signatures`). trace_id follows errors.ts: the request's X-Request-Id.
 */
import type { RequestMeta } from '../../kit/types.js'
import type { SajuInputError } from './engine/index.js'
import { traceIdOf } from './errors.js'

export type ErrorCode = 'E_BAD_REQUEST' | 'E_UNAUTHORIZED' | 'E_FORBIDDEN' | 'E_NOT_FOUND' | 'E_CONFLICT' | 'E_UNPROCESSABLE' | 'E_RATE_LIMIT' | 'E_SERVER'

const STATUS: Record<ErrorCode, number> = {
  E_BAD_REQUEST: 400,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_NOT_FOUND: 404,
  E_CONFLICT: 409,
  E_UNPROCESSABLE: 422,
  E_RATE_LIMIT: 429,
  E_SERVER: 500,
}

export interface Detail {
  pointer: string
  message: string
}

/** A documented error response; `S` narrows the status for the handler's result type. */
export function problem<S extends number>(
  request: RequestMeta,
  code: ErrorCode,
  message: string,
  hint: string,
  details?: Detail[],
  headers?: Record<string, string | number>,
) {
  const body = { error_code: code, message, trace_id: traceIdOf(request.requestId), hint, ...(details?.length ? { details } : {}) }
  return { status: STATUS[code] as S, body: body as any, ...(headers ? { headers } : {}) }
}

/** The engine's refusal of a birth input, in Korean, naming the field. */
export function inputProblem(request: RequestMeta, e: SajuInputError) {
  const pointer = e.field ? `/${e.field}` : '/body'
  return e.code === 'E_BAD_REQUEST'
    ? problem(request, 'E_BAD_REQUEST', '요청 형식이 올바르지 않습니다.', '요청 본문을 스키마에 맞게 수정하세요.', [{ pointer, message: e.message }])
    : problem(request, 'E_UNPROCESSABLE', '입력한 출생 정보로 계산할 수 없습니다.', '날짜·시간대·윤달 여부를 확인하세요.', [{ pointer, message: e.message }])
}

/** Bodies are typed with `signatures`, which decoration adds: handlers build them without it. */
export const unsigned = <T>(body: Omit<T, 'signatures'>): T => body as T
