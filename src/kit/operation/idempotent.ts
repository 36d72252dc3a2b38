/**
 * Idempotency-Key, for operations whose spec declares the header: the first request with a key
 * runs and its answer is kept; the same key with the same request replays that answer; with a
 * different request it is refused (422, as the IETF draft says), and while the first is still
 * running it is a conflict (409). Keys are scoped per caller and operation: one user's key never
 * replays another's answer. A server failure (5xx) releases the key so the client's retry runs.
 */
import { KitError } from '../errors.js'
import { requestFingerprint } from '../idempotency.js'
import type { HandlerResult } from '../types.js'
import type { MountedContract, Progress } from './mounted.js'
import type { ParsedRequest } from './request.js'

export type Runner = (parsed: ParsedRequest, st: Progress) => HandlerResult | Promise<HandlerResult>

/** Runs `run` under the key, or answers the stored result (marked `Idempotency-Replayed`). */
export async function runIdempotent(
  contract: MountedContract,
  operationId: string,
  key: string,
  parsed: ParsedRequest,
  st: Progress,
  run: Runner,
): Promise<HandlerResult> {
  const { store, ttlSec } = contract.opts.idempotency!
  const idem = { scope: `${contract.def.table.slug}:${operationId}:${st.meta.principal?.id ?? st.meta.clientAddress}`, key }
  const fingerprint = requestFingerprint({ path: parsed.parts.path, query: parsed.parts.query, body: parsed.body ?? null })
  const begun = await store.begin(idem.scope, idem.key, fingerprint, contract.opts.now(), ttlSec)
  if (begun.kind === 'replay') {
    const headers: Record<string, string | number> = {}
    if (begun.headers) Object.assign(headers, begun.headers)
    headers['Idempotency-Replayed'] = 'true'
    return { status: begun.status, body: begun.body, headers }
  }
  if (begun.kind === 'conflict') {
    throw begun.reason === 'fingerprint'
      ? new KitError('idempotency_mismatch', { message: 'Idempotency-Key was already used with a different request' })
      : new KitError('conflict', { message: 'a request with this Idempotency-Key is still being processed' })
  }
  st.idem = idem
  const result = await run(parsed, st)
  if (result.status >= 500) await store.release(idem.scope, idem.key)
  else await store.complete(idem.scope, idem.key, result.status, result.body, result.headers)
  st.idem = null
  return result
}

/** Releases a key whose request failed before it had an answer (the refusal path). */
export function releaseHeld(contract: MountedContract, st: Progress): Promise<void> | null {
  if (!st.idem) return null
  const held = st.idem
  st.idem = null
  return contract.opts.idempotency!.store.release(held.scope, held.key).catch(() => undefined)
}
