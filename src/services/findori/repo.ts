/**
 * Findori's queries: plain functions taking the database (or a transaction) first. Publishing
 * copies the day's approved issues into findori_published_issues in one transaction, so the
 * public side always reads one whole snapshot.
 */
import type { Kysely, Transaction } from 'kysely'
import { inTransaction, prepared } from '../../db/prepared.js'
import type { Database } from '../database.js'
import type { FindoriIssuesTable, FindoriPipelineLogsTable, FindoriPublishedIssuesTable } from './tables.js'

export type Db = Kysely<Database> | Transaction<Database>

// ---------- public (snapshots) ----------

export async function latestPublishedDate(db: Db): Promise<string | null> {
  const row = await db.selectFrom('findori_feeds').select('date').where('status', '=', 'published').orderBy('date', 'desc').limit(1).executeTakeFirst()
  return row?.date ?? null
}

/**
 * The published feed of a day and its issues in order, in one prepared query (the most read
 * request of the API): a published feed with no issues is one row of nulls from the outer join.
 */
const publishedFeedRows = prepared((db: Kysely<Database>, date: string) =>
  db
    .selectFrom('findori_feeds as f')
    .leftJoin('findori_published_issues as i', 'i.feed_date', 'f.date')
    .selectAll('i')
    .where('f.date', '=', date)
    .where('f.status', '=', 'published')
    .orderBy('i.position')
    .orderBy('i.id'),
)

export async function publishedFeed(db: Db, date: string): Promise<{ issues: FindoriPublishedIssuesTable[] } | null> {
  const rows = await publishedFeedRows.rows(db, date)
  if (!rows.length) return null
  return { issues: rows[0].id === null ? [] : (rows as FindoriPublishedIssuesTable[]) }
}

export const publishedIssue = (db: Db, id: string) => db.selectFrom('findori_published_issues').selectAll().where('id', '=', id).executeTakeFirst()

// ---------- feeds ----------

export async function listFeeds(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('findori_feeds as f')
    .leftJoin('findori_issues as i', 'i.feed_date', 'f.date')
    .select((eb) => ['f.date', 'f.status', 'f.published_at', eb.fn.count<number | string>('i.id').as('issue_count')])
    .groupBy(['f.date', 'f.status', 'f.published_at'])
    .orderBy('f.date', 'desc')
    .limit(limit)
    .offset(offset)
    .execute()
}

export const getFeed = (db: Db, date: string) => db.selectFrom('findori_feeds').selectAll().where('date', '=', date).executeTakeFirst()

export const issuesOfFeed = (db: Db, date: string) =>
  db.selectFrom('findori_issues').selectAll().where('feed_date', '=', date).orderBy('position').orderBy('created_at').orderBy('id').execute()

export async function ensureFeed(db: Db, date: string, now: string) {
  await db
    .insertInto('findori_feeds')
    .values({ date, status: 'draft', published_at: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('date').doNothing())
    .execute()
}

/** Replaces the feed's snapshot with its approved issues; null when none is approved (nothing changes). */
export function publish(db: Kysely<Database>, date: string, now: string) {
  return inTransaction(db, async (trx) => {
    const approved = await trx.selectFrom('findori_issues').selectAll().where('feed_date', '=', date).where('status', '=', 'approved').execute()
    if (!approved.length) return null
    await trx.deleteFrom('findori_published_issues').where('feed_date', '=', date).execute()
    await trx
      .insertInto('findori_published_issues')
      .values(
        approved.map((i) => ({
          id: i.id,
          feed_date: i.feed_date,
          entity_type: i.entity_type,
          entity_id: i.entity_id,
          entity_name: i.entity_name,
          title: i.title,
          change_value: i.change_value,
          position: i.position,
          tags_json: i.tags_json,
          cards_json: i.cards_json,
          published_at: now,
        })),
      )
      .execute()
    await trx.updateTable('findori_feeds').set({ status: 'published', published_at: now, updated_at: now }).where('date', '=', date).execute()
    return { publishedAt: now, count: approved.length }
  })
}

// ---------- issues ----------

export const getIssue = (db: Db, id: string) => db.selectFrom('findori_issues').selectAll().where('id', '=', id).executeTakeFirst()

export async function setIssueStatus(db: Db, id: string, status: FindoriIssuesTable['status'], now: string) {
  const res = await db.updateTable('findori_issues').set({ status, updated_at: now }).where('id', '=', id).executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

export async function editIssue(db: Db, id: string, patch: Pick<FindoriIssuesTable, 'title' | 'change_value' | 'position' | 'cards_json'>, now: string) {
  const res = await db
    .updateTable('findori_issues')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

export const issueOfEntity = (db: Db, date: string, entityType: string, entityId: string) =>
  db
    .selectFrom('findori_issues')
    .selectAll()
    .where('feed_date', '=', date)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .executeTakeFirst()

export const insertIssue = (db: Db, row: FindoriIssuesTable) => db.insertInto('findori_issues').values(row).execute()

export const replaceDraft = (
  db: Db,
  id: string,
  patch: Pick<FindoriIssuesTable, 'entity_name' | 'title' | 'change_value' | 'position' | 'tags_json' | 'cards_json' | 'updated_at'>,
) => db.updateTable('findori_issues').set(patch).where('id', '=', id).where('status', '=', 'draft').execute()

// ---------- sources ----------

export const listSources = (db: Db) => db.selectFrom('findori_sources').selectAll().orderBy('name').orderBy('created_at').execute()
export const activeSources = (db: Db) => db.selectFrom('findori_sources').selectAll().where('active', '=', 1).orderBy('name').execute()
export const sourceByUrl = (db: Db, url: string) => db.selectFrom('findori_sources').selectAll().where('rss_url', '=', url).executeTakeFirst()

export async function insertSource(db: Db, row: { id: string; name: string; rss_url: string; created_at: string }) {
  await db
    .insertInto('findori_sources')
    .values({ ...row, active: 1 })
    .execute()
}

export async function setSourceActive(db: Db, id: string, active: boolean) {
  const res = await db
    .updateTable('findori_sources')
    .set({ active: active ? 1 : 0 })
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

// ---------- pipeline logs and lock ----------

export const listLogs = (db: Db, limit: number, offset: number) =>
  db.selectFrom('findori_pipeline_logs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute()
export const getLog = (db: Db, id: string) => db.selectFrom('findori_pipeline_logs').selectAll().where('id', '=', id).executeTakeFirst()
export const insertLog = (db: Db, row: FindoriPipelineLogsTable) => db.insertInto('findori_pipeline_logs').values(row).execute()
export const finishLog = (db: Db, id: string, patch: Pick<FindoriPipelineLogsTable, 'finished_at' | 'status' | 'issues_created' | 'errors_json'>) =>
  db.updateTable('findori_pipeline_logs').set(patch).where('id', '=', id).execute()

/**
 * Takes the named lock unless someone holds an unexpired one. An expired row (a crashed run) is
 * deleted first; the primary key decides between two racing inserts, on SQLite and PostgreSQL alike.
 */
export async function acquireLock(db: Kysely<Database>, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  await db.deleteFrom('findori_locks').where('name', '=', name).where('expires_at', '<=', now.toISOString()).execute()
  try {
    await db
      .insertInto('findori_locks')
      .values({ name, holder, acquired_at: now.toISOString(), expires_at: new Date(now.getTime() + ttlMs).toISOString() })
      .execute()
    return true
  } catch {
    return false
  }
}

/** Pushes the holder's expiry forward, so a run longer than the TTL is not taken for a crashed one. */
export const extendLock = (db: Db, name: string, holder: string, expiresAt: string) =>
  db.updateTable('findori_locks').set({ expires_at: expiresAt }).where('name', '=', name).where('holder', '=', holder).execute()

export const releaseLock = (db: Db, name: string, holder: string) =>
  db.deleteFrom('findori_locks').where('name', '=', name).where('holder', '=', holder).execute()

/** Running logs whose lock is gone (the process died mid-run) are closed as failed. */
export async function closeOrphanedLogs(db: Db, now: string) {
  const held = await db.selectFrom('findori_locks').select('holder').execute()
  let q = db
    .updateTable('findori_pipeline_logs')
    .set({ status: 'failed', finished_at: now, errors_json: JSON.stringify([{ message: '실행이 중단되었습니다 (잠금 만료).' }]) })
    .where('status', '=', 'running')
  if (held.length)
    q = q.where(
      'id',
      'not in',
      held.map((h) => h.holder),
    )
  await q.execute()
}
