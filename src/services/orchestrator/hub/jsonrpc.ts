/**
 * The node protocol's JSON-RPC error codes (spec/orchestrator.asyncapi.yaml) beside the standard
 * ones; the envelopes themselves are the kit's (src/kit/jsonrpc.ts). Schema failures become `data.errors[] = {field, message, type, pointer}`, the REST validation shape.
 */
import { issuesOf } from '../../../kit/validation.js'
import type { FieldIssue } from '../../../kit/errors.js'
import type { ValidateFn } from '../../../kit/types.js'
import { validationBody } from '../errors.js'
import { STANDARD_RPC } from '../../../kit/jsonrpc.js'

export { classify, errorResponse, isRpcId, type Incoming, type ResponseId, type RpcErrorResponse, type RpcId } from '../../../kit/jsonrpc.js'

export const RPC = {
  ...STANDARD_RPC,
  rateLimited: { code: -32000, message: 'Rate limited' },
  forbidden: { code: -32001, message: 'Forbidden' },
  taskNotFound: { code: -32002, message: 'Task not found' },
  taskNotRunning: { code: -32003, message: 'Task not running' },
  // Sent by nodes in answer to execute / cancel.
  deviceBusy: { code: -32010, message: 'Device busy' },
  deviceOffline: { code: -32011, message: 'Device offline' },
  commandNotSupported: { code: -32012, message: 'Command not supported' },
  taskNotFoundOnNode: { code: -32013, message: 'Task not found on node' },
} as const

/** A failure a method handler reports: becomes the error response of a request. */
export class RpcFailure extends Error {
  constructor(
    readonly rpc: { code: number; message: string },
    readonly data?: Record<string, unknown>,
  ) {
    super(rpc.message)
  }
}

/** -32602 data for a message that failed its schema; pointers are inside the message. */
export function invalidParamsData(validate: ValidateFn): { errors: unknown[] } {
  const issues: FieldIssue[] = issuesOf(validate, 'body').map((i) => ({ ...i, pointer: i.pointer }))
  const { details } = validationBody(issues)
  const errors = (details.errors as { field: string; message: string; type: string; pointer: string }[]).map((e, n) => {
    const pointer = issues[n].pointer || '/'
    const inParams = pointer.startsWith('/params/') ? pointer.slice('/params/'.length) : pointer.slice(1)
    return { ...e, field: inParams.split('/').join('.') || 'params', pointer }
  })
  return { errors }
}

/** Whether a schema failure concerns the params (−32602) rather than the envelope (−32600). */
export function onlyParamsIssues(validate: ValidateFn): boolean {
  return issuesOf(validate, 'body').every((i) => i.pointer === '/params' || i.pointer.startsWith('/params/'))
}
