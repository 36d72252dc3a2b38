/**
 * The saju PDF queue's claims (src/services/saju/pdf/jobs.ts) on SQLite, and on PostgreSQL with
 * TEST_DATABASE_URL: one claimant wins a queued job; a job rendering under a live lease is not
 * claimable, one whose lease ran out is; renewing and finishing need the lease still held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { connect, type Db } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { Database } from '../../src/services/database.js'
import { contracts } from '../../src/services/index.js'
import { claimablePdfJobs, claimPdfJob, finishPdfJob, renewPdfJob } from '../../src/services/saju/pdf/jobs.js'
import { queuedPdfJob } from '../../src/services/saju/repo.js'
import { freshDatabaseUrl } from '../support/database.js'

let d: Db
let db: Kysely<Database>
beforeAll(async () => {
  d = await connect(await freshDatabaseUrl())
  db = d.db as Kysely<Database>
  await migrateToLatest(
    d.db,
    contracts.map((c) => c.migrations ?? {}),
  )
})
afterAll(() => d?.close())

const job = (id: string, status: 'queued' | 'rendering', updated_at: string) => ({
  ...queuedPdfJob({ id, user_id: 'u_claims', report_id: 'r1' }, updated_at),
  status,
})

describe('PDF job claims', () => {
  it('gives a queued job to exactly one of many concurrent claimants', async () => {
    await db
      .insertInto('saju_pdf_jobs')
      .values(job('j-race', 'queued', '2026-12-02T03:00:00Z'))
      .execute()
    const wins = await Promise.all(Array.from({ length: 8 }, () => claimPdfJob(db, 'j-race', '2026-12-02T03:00:01Z', '2026-12-02T02:59:01Z')))
    expect(wins.filter(Boolean)).toHaveLength(1)
    expect(await db.selectFrom('saju_pdf_jobs').select(['status', 'progress']).where('id', '=', 'j-race').executeTakeFirst()).toEqual({
      status: 'rendering',
      progress: 10,
    })
  })

  it('leaves a job under a live lease alone and takes over one whose lease ran out', async () => {
    await db
      .insertInto('saju_pdf_jobs')
      .values([job('j-live', 'rendering', '2026-12-02T03:10:00Z'), job('j-dead', 'rendering', '2026-12-02T03:08:00Z')])
      .execute()
    const staleBefore = '2026-12-02T03:09:00Z' // a one-minute lease at 03:10:00
    const ids = (await claimablePdfJobs(db, staleBefore)).map((j) => j.id)
    expect(ids).toContain('j-dead')
    expect(ids).not.toContain('j-live')
    expect(await claimPdfJob(db, 'j-live', '2026-12-02T03:10:00Z', staleBefore)).toBe(false)
    expect(await claimPdfJob(db, 'j-dead', '2026-12-02T03:10:00Z', staleBefore)).toBe(true)
  })

  it('renews and finishes only while the lease is still held', async () => {
    await db
      .insertInto('saju_pdf_jobs')
      .values(job('j-lease', 'queued', '2026-12-02T03:20:00Z'))
      .execute()
    expect(await claimPdfJob(db, 'j-lease', '2026-12-02T03:20:01Z', '2026-12-02T03:19:01Z')).toBe(true)
    expect(await renewPdfJob(db, 'j-lease', '2026-12-02T03:20:01Z', '2026-12-02T03:20:21Z')).toBe(true)
    expect(await renewPdfJob(db, 'j-lease', '2026-12-02T03:20:01Z', '2026-12-02T03:20:41Z')).toBe(false) // no longer that lease
    // Another process took it over after the lease ran out: the first one's answer is refused.
    expect(await claimPdfJob(db, 'j-lease', '2026-12-02T03:22:00Z', '2026-12-02T03:21:00Z')).toBe(true)
    expect(await finishPdfJob(db, 'j-lease', '2026-12-02T03:20:21Z', { status: 'done', progress: 100 })).toBe(false)
    expect(await finishPdfJob(db, 'j-lease', '2026-12-02T03:22:00Z', { status: 'done', progress: 100 })).toBe(true)
    expect((await db.selectFrom('saju_pdf_jobs').select('status').where('id', '=', 'j-lease').executeTakeFirst())?.status).toBe('done')
  })
})
