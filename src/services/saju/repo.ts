/**
 * Saju's queries (Kysely; plain functions taking the database or a transaction first). The
 * deep-token balance changes only here: every change is one ledger entry plus a guarded update of
 * the running balance in the same transaction, so it can never go below zero, on SQLite or
 * PostgreSQL, however many spends race.
 */
import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import { inTransaction, prepared } from '../../db/prepared.js'
import type { Database } from '../database.js'
import type { PlanId } from './plans.js'
import type { SajuProfilesTable, SajuTokenLedgerTable, SajuPdfJobsTable } from './tables.js'
import type { CreateProfileData } from '../../../generated/saju/sdk/types.gen.js'

type CreateProfileBody = CreateProfileData['body']

type Db = Kysely<Database> | Transaction<Database>
const iso = (d: Date) => d.toISOString()

// ---- users and API tokens ------------------------------------------------------------------

export async function createUser(db: Kysely<Database>, id: string, plan: PlanId, welcomeTokens: number, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('saju_users')
      .values({ id, plan, deep_tokens: 0, created_at: iso(now), updated_at: iso(now) })
      .execute()
    if (welcomeTokens > 0) await credit(trx, id, welcomeTokens, 'grant', 'welcome', now)
  })
}

// Every authenticated request and every report reads these: prepared (built and compiled once),
// as the orchestrator's per-command queries are; building them per call was ~7% of a report's
// CPU (make bench, section real).
const userById = prepared((db: Kysely<Database>, id: string) => db.selectFrom('saju_users').selectAll().where('id', '=', id))
export const findUser = (db: Db, id: string) => userById.first(db, id)

export async function setPlan(db: Db, id: string, plan: PlanId, now: Date): Promise<void> {
  await db
    .updateTable('saju_users')
    .set({ plan, updated_at: iso(now) })
    .where('id', '=', id)
    .execute()
}

export async function storeToken(db: Db, row: { id: string; user_id: string; token_hash: string; expires_at: string }, now: Date): Promise<void> {
  await db
    .insertInto('saju_api_tokens')
    .values({ ...row, created_at: iso(now), revoked_at: null })
    .execute()
}

const tokenById = prepared((db: Kysely<Database>, id: string) => db.selectFrom('saju_api_tokens').selectAll().where('id', '=', id))
export const findToken = (db: Db, id: string) => tokenById.first(db, id)

export async function revokeToken(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('saju_api_tokens')
    .set({ revoked_at: iso(now) })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

// ---- the deep-token ledger -----------------------------------------------------------------

export interface LedgerChange {
  entry_id: string
  balance_before: number
  balance_after: number
}

/** Adds tokens: one ledger entry and the running balance, in the caller's transaction. */
export async function credit(
  trx: Transaction<Database>,
  userId: string,
  amount: number,
  kind: SajuTokenLedgerTable['kind'],
  ref: string | null,
  now: Date,
): Promise<LedgerChange> {
  await trx
    .updateTable('saju_users')
    .set({ deep_tokens: sql`deep_tokens + ${amount}`, updated_at: iso(now) })
    .where('id', '=', userId)
    .execute()
  return append(trx, userId, amount, kind, ref, now)
}

/**
 * Spends tokens if the balance covers them, else null (nothing written). The guarded UPDATE is
 * the check: on PostgreSQL it takes the row lock, so concurrent spends serialize on the user.
 */
export async function spend(
  trx: Transaction<Database>,
  userId: string,
  amount: number,
  kind: SajuTokenLedgerTable['kind'],
  ref: string | null,
  now: Date,
): Promise<LedgerChange | null> {
  const r = await trx
    .updateTable('saju_users')
    .set({ deep_tokens: sql`deep_tokens - ${amount}`, updated_at: iso(now) })
    .where('id', '=', userId)
    .where('deep_tokens', '>=', amount)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) return null
  return append(trx, userId, -amount, kind, ref, now)
}

async function append(
  trx: Transaction<Database>,
  userId: string,
  delta: number,
  kind: SajuTokenLedgerTable['kind'],
  ref: string | null,
  now: Date,
): Promise<LedgerChange> {
  const { deep_tokens } = await trx.selectFrom('saju_users').select('deep_tokens').where('id', '=', userId).executeTakeFirstOrThrow()
  const entry_id = randomUUID()
  await trx
    .insertInto('saju_token_ledger')
    .values({ id: entry_id, user_id: userId, delta, balance_after: deep_tokens, kind, ref, created_at: iso(now) })
    .execute()
  return { entry_id, balance_before: deep_tokens - delta, balance_after: deep_tokens }
}

/** The balance derived from the ledger alone (the running balance must always equal it). */
export async function ledgerBalance(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('saju_token_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), sql<number>`0`).as('total'))
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(row?.total ?? 0)
}

export const ledgerEntries = (db: Db, userId: string) =>
  db.selectFrom('saju_token_ledger').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()

// ---- light-chat allowance (per KST day) ----------------------------------------------------

const lightOfDay = prepared((db: Kysely<Database>, userId: string, kstDate: string) =>
  db.selectFrom('saju_light_usage').select('used').where('user_id', '=', userId).where('kst_date', '=', kstDate),
)
export async function lightUsed(db: Db, userId: string, kstDate: string): Promise<number> {
  return (await lightOfDay.first(db, userId, kstDate))?.used ?? 0
}

/** Takes one light use if fewer than `limit` were used today; false when exhausted. */
export async function takeLight(trx: Transaction<Database>, userId: string, kstDate: string, limit: number): Promise<boolean> {
  const used = await lightUsed(trx, userId, kstDate)
  if (used >= limit) return false
  if (used === 0) {
    await trx
      .insertInto('saju_light_usage')
      .values({ user_id: userId, kst_date: kstDate, used: 1 })
      .onConflict((oc) => oc.columns(['user_id', 'kst_date']).doUpdateSet({ used: sql`saju_light_usage.used + 1` }))
      .execute()
  } else {
    const r = await trx
      .updateTable('saju_light_usage')
      .set({ used: sql`used + 1` })
      .where('user_id', '=', userId)
      .where('kst_date', '=', kstDate)
      .where('used', '<', limit)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) return false
  }
  return true
}

// ---- rewards -------------------------------------------------------------------------------

export const findReward = (db: Db, id: string) => db.selectFrom('saju_rewards').selectAll().where('id', '=', id).executeTakeFirst()

const rewardsOnDay = prepared((db: Kysely<Database>, userId: string, kstDate: string) =>
  db.selectFrom('saju_rewards').select(['credited_at']).where('user_id', '=', userId).where('kst_date', '=', kstDate).orderBy('credited_at', 'desc'),
)
export const rewardsOfDay = (db: Db, userId: string, kstDate: string) => rewardsOnDay.rows(db, userId, kstDate)

const latestReward = prepared((db: Kysely<Database>, userId: string) =>
  db.selectFrom('saju_rewards').select('credited_at').where('user_id', '=', userId).orderBy('credited_at', 'desc').limit(1),
)
export async function lastReward(db: Db, userId: string): Promise<string | null> {
  return (await latestReward.first(db, userId))?.credited_at ?? null
}

export async function insertReward(trx: Transaction<Database>, row: Database['saju_rewards']): Promise<void> {
  await trx.insertInto('saju_rewards').values(row).execute()
}

// ---- profiles ------------------------------------------------------------------------------

export const findProfile = (db: Db, userId: string, id: string) =>
  db.selectFrom('saju_profiles').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()

export const listProfiles = (db: Db, userId: string) =>
  db.selectFrom('saju_profiles').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()

const profilesOf = prepared((db: Kysely<Database>, userId: string) =>
  db
    .selectFrom('saju_profiles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId),
)
export async function countProfiles(db: Db, userId: string): Promise<number> {
  return Number((await profilesOf.first(db, userId))?.n ?? 0)
}

/** A profile row from a `createProfile` request body (defaults as the spec documents them). */
export function profileRow(id: string, userId: string, b: CreateProfileBody, at: string): SajuProfilesTable {
  return {
    id,
    user_id: userId,
    name: b.name,
    birth_dt_local: b.birth_dt_local,
    tz: b.tz,
    calendar_type: b.calendar_type ?? 'solar',
    is_leap_month: b.is_leap_month ? 1 : 0,
    zi_hour_mode: b.zi_hour_mode ?? 'default',
    unknown_hour: b.unknown_hour ? 1 : 0,
    regional_correction_minutes: b.regional_correction_minutes ?? 0,
    gender: b.gender,
    relation: b.relation ?? 'self',
    memo: b.memo ?? null,
    created_at: at,
    updated_at: at,
  }
}

export async function insertProfile(db: Db, row: SajuProfilesTable): Promise<void> {
  await db.insertInto('saju_profiles').values(row).execute()
}

export async function deleteProfile(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('saju_profiles').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

// ---- reports, chat sessions ----------------------------------------------------------------

const reportInsert = prepared((db: Kysely<Database>, id: string, userId: string, profileId: string | null, bodyJson: string, createdAt: string) =>
  db.insertInto('saju_reports').values({ id, user_id: userId, profile_id: profileId, body_json: bodyJson, created_at: createdAt }),
)
export async function insertReport(db: Db, row: Database['saju_reports']): Promise<void> {
  await reportInsert.run(db, row.id, row.user_id, row.profile_id, row.body_json, row.created_at)
}

export const findReport = (db: Db, userId: string, id: string) =>
  db.selectFrom('saju_reports').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()

export const findSession = (db: Db, userId: string, id: string) =>
  db.selectFrom('saju_chat_sessions').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()

export async function insertSession(db: Db, row: Database['saju_chat_sessions']): Promise<void> {
  await db.insertInto('saju_chat_sessions').values(row).execute()
}

// ---- PDF jobs ------------------------------------------------------------------------------

export const findPdfJob = (db: Db, userId: string, id: string) =>
  db.selectFrom('saju_pdf_jobs').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()

/** A new job's row: queued, nothing rendered yet, stamped `at` (ISO seconds). */
export function queuedPdfJob(
  job: Pick<SajuPdfJobsTable, 'id' | 'user_id' | 'report_id'> & Partial<Pick<SajuPdfJobsTable, 'template' | 'paper'>>,
  at: string,
): SajuPdfJobsTable {
  return {
    id: job.id,
    user_id: job.user_id,
    report_id: job.report_id,
    template: job.template ?? 'standard',
    paper: job.paper ?? 'A4',
    status: 'queued',
    progress: 0,
    error_code: null,
    error_message: null,
    file_b64: null,
    file_sha256: null,
    file_size: null,
    file_pages: null,
    expires_at: null,
    created_at: at,
    updated_at: at,
  }
}

export async function insertPdfJob(db: Db, row: SajuPdfJobsTable): Promise<void> {
  await db.insertInto('saju_pdf_jobs').values(row).execute()
}

export async function updatePdfJob(db: Db, id: string, set: Partial<SajuPdfJobsTable>): Promise<void> {
  await db.updateTable('saju_pdf_jobs').set(set).where('id', '=', id).execute()
}

/** Jobs left queued or rendering (a restart resumes them). */
export const unfinishedPdfJobs = (db: Db) =>
  db.selectFrom('saju_pdf_jobs').select(['id']).where('status', 'in', ['queued', 'rendering']).orderBy('created_at').execute()

export const pdfJobById = (db: Db, id: string) => db.selectFrom('saju_pdf_jobs').selectAll().where('id', '=', id).executeTakeFirst()
