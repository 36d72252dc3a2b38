/**
 * The one way a refusal becomes an answer, wherever it happens: in an operation's pipeline, for
 * a path no operation has (404/405, answered by the contract that owns the path), or as the
 * last resort when the pipeline itself failed. The contract's mapper gives status and body in
 * its own shape; the kit adds what the refusal implies (Allow, Retry-After) and the responder
 * adds its usual headers.
 */
import { KitError } from '../errors.js'
import type { Reply } from '../exchange.js'
import type { MountedContract, Progress } from './mounted.js'
import type { Responder } from './respond.js'

export function renderError(contract: MountedContract, responder: Responder, err: KitError, st: Progress): Reply {
  const mapped = contract.def.errors(err, { requestId: st.meta.requestId, operationId: st.meta.operationId || null, now: contract.opts.now() })
  const headers: Record<string, string | number> = {}
  if (mapped.headers) Object.assign(headers, mapped.headers)
  if (err.kind === 'method_not_allowed' && err.detail.allow) headers.Allow = err.detail.allow.join(', ')
  if (err.kind === 'rate_limited' && err.detail.retryAfterSec) headers['Retry-After'] = err.detail.retryAfterSec
  return responder.refusal({ status: err.detail.status ?? mapped.status, body: mapped.body, headers }, st)
}

/** Any thrown value as the KitError it is or stands for; surprises are logged with their stack. */
export function asKitError(contract: MountedContract, e: unknown, st: Progress): KitError {
  if (e instanceof KitError) {
    if (e.kind === 'internal') contract.log.error('internal error', { requestId: st.meta.requestId, operationId: st.meta.operationId, error: e.message })
    return e
  }
  contract.log.error('unhandled exception', {
    requestId: st.meta.requestId,
    operationId: st.meta.operationId,
    error: (e as Error)?.message,
    stack: (e as Error)?.stack,
  })
  return new KitError('internal', { message: 'internal error', cause: e })
}
