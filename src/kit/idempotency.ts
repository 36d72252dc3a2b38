/**
 * Idempotency-Key support for operations that declare the header: the same key with the same
 * request replays the first answer; with a different request (or while the first is running)
 * it is a conflict. The store is supplied by the app (the database in production).
 */
import { createHash } from 'node:crypto'
import { canonicalize } from 'json-canonicalize'

export type IdempotencyBegin =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: unknown; headers: Record<string, string | number> }
  | { kind: 'conflict'; reason: 'fingerprint' | 'in_flight' }

export interface IdempotencyStore {
  begin(scope: string, key: string, fingerprint: string, now: Date, ttlSec: number): Promise<IdempotencyBegin>
  complete(scope: string, key: string, status: number, body: unknown, headers?: Record<string, string | number>): Promise<void>
  release(scope: string, key: string): Promise<void>
}

/** SHA-256 of the RFC 8785 canonical form of what identifies the request. */
export function requestFingerprint(parts: { path: unknown; query: unknown; body: unknown }): string {
  return createHash('sha256')
    .update(canonicalize(parts ?? null))
    .digest('hex')
}
