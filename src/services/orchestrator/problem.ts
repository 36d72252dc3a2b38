/**
 * Expected failures as documented response values in the seed's error shape, so handlers return
 * them instead of throwing: `problem(ctx, 404, 'NOT_FOUND', 'RES_002', { device_id })`.
 */
import type { ErrorCode, ErrorType } from '../../../generated/orchestrator/sdk/types.gen.js'
import type { RequestMeta } from '../../kit/types.js'

/** The seed's message per code (ErrorCode in the spec). */
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  RES_001: 'Node not found',
  RES_002: 'Device not found',
  RES_003: 'Task not found',
  RES_004: 'Resource already exists',
  BIZ_001: 'Node offline',
  BIZ_002: 'Device busy',
  BIZ_003: 'Task queue full',
  BIZ_004: 'Operation not allowed',
  SRV_003: 'Service unavailable',
}

export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

export function problem<S extends number, E extends ErrorType, C extends ErrorCode, D extends Record<string, unknown>>(
  ctx: { request: RequestMeta; now: Date },
  status: S,
  error: E,
  code: C,
  details: D,
  message = MESSAGES[code] ?? code,
) {
  return { status, body: { error, message, code, details, timestamp: isoSeconds(ctx.now), request_id: ctx.request.requestId } }
}

/** A 422 naming one field the schema could not express (e.g. `params.duration` < `timeout`). */
export function fieldProblem(ctx: { request: RequestMeta; now: Date }, field: string, message: string) {
  const pointer = `/body/${field.split('.').join('/')}`
  return {
    status: 422 as const,
    body: {
      error: 'VALIDATION_ERROR' as const,
      message: 'Request validation failed',
      code: 'VAL_004' as const,
      details: { errors: [{ field, message, type: 'out_of_range' as const, pointer }] },
      timestamp: isoSeconds(ctx.now),
      request_id: ctx.request.requestId,
    },
  }
}
