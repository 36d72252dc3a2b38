/**
 * Emergency resets and their confirm codes (one valid code at a time, spent once).
 */
import type { Kysely, Updateable } from 'kysely'
import { inTransaction } from '../../../db/prepared.js'
import type { Database } from '../../database.js'
import type { OrchResetsTable } from '../tables.js'
import { count, type Db, type Page } from './shared.js'

export const insertReset = (db: Db, row: OrchResetsTable) => db.insertInto('orch_resets').values(row).execute()

export const updateReset = (db: Db, id: string, patch: Updateable<OrchResetsTable>) => db.updateTable('orch_resets').set(patch).where('id', '=', id).execute()

export async function listResets(db: Db, filter: { level?: OrchResetsTable['level'] }, page: Page) {
  let q = db.selectFrom('orch_resets')
  if (filter.level) q = q.where('level', '=', filter.level)
  const rows = await q.selectAll().orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute()
  return { rows, total: await count(q) }
}

/** Issues a code: every earlier unused code is superseded, so at most one is valid. */
export async function insertConfirmCode(
  db: Kysely<Database>,
  row: { code_hash: string; approver: string; reason: string | null; issued_at: string; expires_at: string },
) {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('orch_confirm_codes').set({ superseded: 1 }).where('used_at', 'is', null).execute()
    await trx
      .insertInto('orch_confirm_codes')
      .values({ ...row, used_at: null, superseded: 0 })
      .execute()
  })
}

export const findConfirmCode = (db: Db, codeHash: string) =>
  db.selectFrom('orch_confirm_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst()

/** Spends a code once: false when someone else spent it first. */
export async function useConfirmCode(db: Db, codeHash: string, now: string): Promise<boolean> {
  const r = await db.updateTable('orch_confirm_codes').set({ used_at: now }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
