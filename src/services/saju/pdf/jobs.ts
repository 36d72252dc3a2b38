/**
 * The PDF job queue's claims, for several processes on one database. A process takes a job
 * with one conditional UPDATE (only one process's UPDATE matches), then renews its lease by
 * moving `updated_at` forward while it renders; a job whose lease ran out (its process died)
 * can be claimed again. Finishing is conditional on still holding the lease, so a process that
 * stalled past its lease cannot overwrite the answer of the process that took the job over.
 * Plain UPDATEs: the same on SQLite and PostgreSQL. Timestamps are ISO strings to the second,
 * which compare in time order.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../database.js'
import type { SajuPdfJobsTable } from '../tables.js'

type Db = Kysely<Database>

/** Jobs waiting, or rendering under a lease that ran out before `staleBefore`; oldest first. */
export const claimablePdfJobs = (db: Db, staleBefore: string, limit = 50) =>
  db
    .selectFrom('saju_pdf_jobs')
    .select(['id'])
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'rendering'), eb('updated_at', '<', staleBefore)])]))
    .orderBy('created_at')
    .limit(limit)
    .execute()

/** Takes the job for this process (status `rendering`, lease stamped `stamp`); false when another process has it. */
export async function claimPdfJob(db: Db, id: string, stamp: string, staleBefore: string): Promise<boolean> {
  const r = await db
    .updateTable('saju_pdf_jobs')
    .set({ status: 'rendering', progress: 10, updated_at: stamp })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'rendering'), eb('updated_at', '<', staleBefore)])]))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Moves the lease from `held` to `stamp`; false when the job is no longer this process's. */
export async function renewPdfJob(db: Db, id: string, held: string, stamp: string): Promise<boolean> {
  const r = await db
    .updateTable('saju_pdf_jobs')
    .set({ updated_at: stamp })
    .where('id', '=', id)
    .where('status', '=', 'rendering')
    .where('updated_at', '=', held)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Stores the outcome if the lease `held` is still this process's; false when it was taken over. */
export async function finishPdfJob(db: Db, id: string, held: string, set: Partial<SajuPdfJobsTable>): Promise<boolean> {
  const r = await db
    .updateTable('saju_pdf_jobs')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'rendering')
    .where('updated_at', '=', held)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
