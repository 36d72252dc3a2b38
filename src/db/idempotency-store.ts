/**
 * The kit's IdempotencyStore on the database: one row per (scope, key). The first request
 * claims the key (`in_flight`); its final answer is stored (`done`) and replayed to later
 * requests with the same fingerprint; a different fingerprint, or a request while the first is
 * still running, is a conflict. Failed (5xx) attempts release the key so a retry can proceed.
 *
 * A claim older than `inFlightLeaseSec` is taken over by the next request with the same
 * fingerprint: the process that made it died mid-request (SIGKILL, a crash, a lost machine) and
 * will never complete or release it, and a retry must not be refused until the key expires.
 */
import type { Kysely } from 'kysely'
import type { IdempotencyStore, IdempotencyBegin } from '../kit/idempotency.js'
import type { KitTables } from './kit-tables.js'

export function databaseIdempotencyStore(db: Kysely<KitTables>, { inFlightLeaseSec = 60 }: { inFlightLeaseSec?: number } = {}): IdempotencyStore {
  return {
    async begin(scope, key, fingerprint, now, ttlSec): Promise<IdempotencyBegin> {
      const nowIso = now.toISOString()
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('expires_at', '<', nowIso).execute()
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({
          scope,
          key,
          fingerprint,
          state: 'in_flight',
          status: null,
          body_json: null,
          headers_json: null,
          created_at: nowIso,
          expires_at: new Date(now.getTime() + ttlSec * 1000).toISOString(),
        })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .executeTakeFirst()
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { kind: 'new' }
      const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst()
      if (!row) return { kind: 'new' } // released between our insert and read: treat as new
      if (row.fingerprint !== fingerprint) return { kind: 'conflict', reason: 'fingerprint' }
      if (row.state !== 'done') {
        if (Date.parse(row.created_at) > now.getTime() - inFlightLeaseSec * 1000) return { kind: 'conflict', reason: 'in_flight' }
        // Compare-and-set on the claim's time: of several retries racing for an abandoned key, one wins.
        const taken = await db
          .updateTable('idempotency_keys')
          .set({ created_at: nowIso, expires_at: new Date(now.getTime() + ttlSec * 1000).toISOString() })
          .where('scope', '=', scope)
          .where('key', '=', key)
          .where('state', '=', 'in_flight')
          .where('created_at', '=', row.created_at)
          .executeTakeFirst()
        return Number(taken.numUpdatedRows ?? 0n) === 1 ? { kind: 'new' } : { kind: 'conflict', reason: 'in_flight' }
      }
      return {
        kind: 'replay',
        status: row.status!,
        body: row.body_json === null ? undefined : JSON.parse(row.body_json),
        headers: row.headers_json ? JSON.parse(row.headers_json) : {},
      }
    },
    async complete(scope, key, status, body, headers) {
      await db
        .updateTable('idempotency_keys')
        .set({ state: 'done', status, body_json: body === undefined ? null : JSON.stringify(body), headers_json: JSON.stringify(headers ?? {}) })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .execute()
    },
    async release(scope, key) {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('state', '=', 'in_flight').execute()
    },
  }
}
