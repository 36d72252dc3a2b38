/**
 * hitl's queries (Kysely, SQLite and PostgreSQL alike). Plain functions taking the database
 * first. Writes to one thread are serialised by the service's per-thread lock; the unique keys
 * (a request's one decision, a thread's seq and dedupe keys) hold across processes too.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'
import type { HitlApprovalRequestsTable, HitlEventsTable, HitlMessagesTable, HitlUserDecisionsTable } from './tables.js'

type Db = Kysely<Database>

/** Unique-key violations read the same on both engines' drivers. */
export const isUniqueViolation = (e: unknown) => /unique|duplicate key|constraint failed/i.test(String((e as Error)?.message ?? e))

export async function insertThread(db: Db, threadId: string, now: string): Promise<boolean> {
  try {
    await db.insertInto('hitl_threads').values({ thread_id: threadId, kind: null, created_at: now, updated_at: now }).execute()
    return true
  } catch (e) {
    if (isUniqueViolation(e)) return false
    throw e
  }
}

export const getThread = (db: Db, threadId: string) => db.selectFrom('hitl_threads').selectAll().where('thread_id', '=', threadId).executeTakeFirst()

export async function touchThread(db: Db, threadId: string, now: string, kind?: 'trading' | 'rebalance') {
  await db
    .updateTable('hitl_threads')
    .set(kind ? { updated_at: now, kind } : { updated_at: now })
    .where('thread_id', '=', threadId)
    .execute()
}

/** Forgets a thread whose start failed (a request not understood), so its id can be used again. */
export async function deleteThread(db: Db, threadId: string) {
  for (const t of ['hitl_events', 'hitl_messages', 'hitl_fills', 'hitl_user_decisions', 'hitl_approval_requests', 'hitl_threads'] as const) {
    await db.deleteFrom(t).where('thread_id', '=', threadId).execute()
  }
}

export async function insertApprovalRequest(db: Db, row: HitlApprovalRequestsTable) {
  const existing = await db.selectFrom('hitl_approval_requests').select('request_id').where('request_id', '=', row.request_id).executeTakeFirst()
  if (!existing) await db.insertInto('hitl_approval_requests').values(row).execute()
}

export const approvalRequests = (db: Db, threadId: string) =>
  db.selectFrom('hitl_approval_requests').selectAll().where('thread_id', '=', threadId).orderBy('created_at').orderBy('request_id').execute()

export const approvalRequest = (db: Db, requestId: string) =>
  db.selectFrom('hitl_approval_requests').selectAll().where('request_id', '=', requestId).executeTakeFirst()

export async function markRequestDecided(db: Db, requestId: string, status: HitlApprovalRequestsTable['status'], at: string) {
  await db.updateTable('hitl_approval_requests').set({ status, decided_at: at }).where('request_id', '=', requestId).execute()
}

/** The claim: false when another decision got there first. */
export async function insertDecision(db: Db, row: HitlUserDecisionsTable): Promise<boolean> {
  try {
    await db.insertInto('hitl_user_decisions').values(row).execute()
    return true
  } catch (e) {
    if (isUniqueViolation(e)) return false
    throw e
  }
}

export const decisionFor = (db: Db, requestId: string) =>
  db.selectFrom('hitl_user_decisions').selectAll().where('request_id', '=', requestId).executeTakeFirst()

export const decisions = (db: Db, threadId: string) =>
  db.selectFrom('hitl_user_decisions').selectAll().where('thread_id', '=', threadId).orderBy('decided_at').orderBy('decision_id').execute()

type Numbered = 'hitl_messages' | 'hitl_events'

/**
 * Appends a row numbered after the thread's last; a dedupe key already written is a no-op (a
 * node that re-runs on resume writes its message once). Returns the seq, or null when deduped.
 */
async function append<T extends Numbered>(
  db: Db,
  table: T,
  threadId: string,
  values: Record<string, unknown>,
  dedupeKey: string | null,
): Promise<number | null> {
  for (let attempt = 0; ; attempt++) {
    if (dedupeKey) {
      const seen = await db
        .selectFrom(table as Numbered)
        .select('seq')
        .where('thread_id', '=', threadId)
        .where('dedupe_key', '=', dedupeKey)
        .executeTakeFirst()
      if (seen) return null
    }
    const last = await db
      .selectFrom(table as Numbered)
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('thread_id', '=', threadId)
      .executeTakeFirst()
    const seq = Number(last?.seq ?? 0) + 1
    try {
      await db
        .insertInto(table as Numbered)
        .values({ thread_id: threadId, seq, dedupe_key: dedupeKey, ...values } as any)
        .execute()
      return seq
    } catch (e) {
      // Another process took this seq (or this dedupe key): read again.
      if (!isUniqueViolation(e) || attempt >= 5) throw e
    }
  }
}

export const appendMessage = (db: Db, threadId: string, m: Omit<HitlMessagesTable, 'thread_id' | 'seq' | 'dedupe_key'>, dedupeKey: string | null = null) =>
  append(db, 'hitl_messages', threadId, m, dedupeKey)

export const appendEvent = (db: Db, threadId: string, e: Omit<HitlEventsTable, 'thread_id' | 'seq' | 'dedupe_key'>, dedupeKey: string | null = null) =>
  append(db, 'hitl_events', threadId, e, dedupeKey)

export const messages = (db: Db, threadId: string) => db.selectFrom('hitl_messages').selectAll().where('thread_id', '=', threadId).orderBy('seq').execute()

export const eventsAfter = (db: Db, threadId: string, afterSeq: number) =>
  db.selectFrom('hitl_events').selectAll().where('thread_id', '=', threadId).where('seq', '>', afterSeq).orderBy('seq').execute()

export async function fillFor(db: Db, clientOrderId: string): Promise<string | null> {
  const row = await db.selectFrom('hitl_fills').select('fill_json').where('client_order_id', '=', clientOrderId).executeTakeFirst()
  return row?.fill_json ?? null
}

export async function recordFill(db: Db, threadId: string, clientOrderId: string, fillJson: string, now: string) {
  try {
    await db.insertInto('hitl_fills').values({ client_order_id: clientOrderId, thread_id: threadId, fill_json: fillJson, created_at: now }).execute()
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
  }
}

/** The thread's last event number (0 when none): what an event stream's poller compares. */
export async function lastEventSeq(db: Db, threadId: string): Promise<number> {
  const row = await db
    .selectFrom('hitl_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('thread_id', '=', threadId)
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}
