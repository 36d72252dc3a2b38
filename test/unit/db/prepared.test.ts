/**
 * Prepared selects and writes: built and compiled once per database handle, same rows as the
 * query built anew (a write: the rows it changed), and a query that uses an argument other than
 * as a bound parameter is refused.
 * Runs on PostgreSQL too under `make test-postgres` (TEST_DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { connect, unboundLimits } from '../../../src/db/connect.js'
import { migrateToLatest } from '../../../src/db/migrate.js'
import { orchestratorMigrations } from '../../../src/services/orchestrator/migrations/index.js'
import { inTransaction, prepared, preparedFiltered } from '../../../src/db/prepared.js'
import type { Database } from '../../../src/services/database.js'
import { freshDatabaseUrl } from '../../support/database.js'

let database: Awaited<ReturnType<typeof connect>>
let db: Kysely<Database>
const at = '2026-11-30T12:00:00Z'

beforeAll(async () => {
  database = await connect(await freshDatabaseUrl())
  db = database.db
  await migrateToLatest(db, [orchestratorMigrations])
  for (const [id, status] of [
    ['n1', 'online'],
    ['n2', 'offline'],
    ['n3', 'online'],
  ] as const) {
    await db
      .insertInto('orch_nodes')
      .values({
        id,
        name: id,
        status,
        ip: null,
        version: null,
        last_heartbeat: null,
        connected_at: null,
        disconnected_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute()
  }
})
afterAll(() => database?.close())

describe('prepared', () => {
  it('answers as the query built anew, for every argument, building it once per handle', async () => {
    let builds = 0
    const byStatus = prepared((d: Kysely<Database>, status: 'online' | 'offline', limit: number) => {
      builds++
      return d.selectFrom('orch_nodes').select(['id', 'status']).where('status', '=', status).orderBy('id').limit(limit)
    })
    for (const [status, limit] of [
      ['online', 10],
      ['offline', 10],
      ['online', 1],
    ] as const) {
      const fresh = await db.selectFrom('orch_nodes').select(['id', 'status']).where('status', '=', status).orderBy('id').limit(limit).execute()
      expect(await byStatus.rows(db, status, limit)).toEqual(fresh)
    }
    expect(await byStatus.first(db, 'online', 10)).toEqual({ id: 'n1', status: 'online' })
    expect(await byStatus.first(db, 'offline', 0)).toBeUndefined()
    expect(builds).toBe(1)
  })

  it("works inside transactions; one opened with inTransaction reuses the database's compiled query", async () => {
    let builds = 0
    const byId = prepared((d: Kysely<Database>, id: string) => {
      builds++
      return d.selectFrom('orch_nodes').select('id').where('id', '=', id)
    })
    expect(await byId.first(db, 'n1')).toEqual({ id: 'n1' })
    expect(await inTransaction(db, (trx) => byId.first(trx, 'n3'))).toEqual({ id: 'n3' })
    expect(await inTransaction(db, (trx) => byId.first(trx, 'n2'))).toEqual({ id: 'n2' })
    expect(builds).toBe(1)
    expect(await db.transaction().execute((trx) => byId.first(trx, 'n2'))).toEqual({ id: 'n2' })
    expect(builds).toBe(2) // a transaction opened directly compiles for itself
  })

  it('refuses a query whose argument does not reach the SQL as a parameter', async () => {
    const broken = prepared((d: Kysely<Database>, _id: string) => d.selectFrom('orch_nodes').select('id').where('id', '=', 'n1'))
    await expect(broken.rows(db, 'n2')).rejects.toThrow(/argument 0 is not a bound parameter/)
  })

  it('runs writes: an update counts the rows it changed (0 when its condition no longer holds), in and out of transactions', async () => {
    let builds = 0
    const rename = prepared((d: Kysely<Database>, id: string, from: string, to: string) => {
      builds++
      return d.updateTable('orch_nodes').set({ name: to, updated_at: at }).where('id', '=', id).where('name', '=', from)
    })
    expect(await rename.run(db, 'n2', 'n2', 'renamed')).toBe(1)
    expect(await rename.run(db, 'n2', 'n2', 'again')).toBe(0) // no longer named n2: a compare-and-set that lost
    expect(await inTransaction(db, (trx) => rename.run(trx, 'n2', 'renamed', 'n2'))).toBe(1)
    expect((await db.selectFrom('orch_nodes').select('name').where('id', '=', 'n2').executeTakeFirst())?.name).toBe('n2')
    expect(builds).toBe(1)
  })

  it('preparedFiltered: one plan per combination of filters present, same rows as the query built anew', async () => {
    let builds = 0
    type F = { status?: 'online' | 'offline'; name?: string }
    const page = preparedFiltered<Database, F, [number], { id: string }>(['status', 'name'], (d, f, limit) => {
      builds++
      let q = d.selectFrom('orch_nodes').select('id')
      if (f.status) q = q.where('status', '=', f.status)
      if (f.name) q = q.where('name', '=', f.name)
      return q.orderBy('id').limit(limit)
    })
    const filters: F[] = [
      {},
      { status: 'online' },
      { name: 'n3' },
      { status: 'online', name: 'n3' },
      { status: 'offline', name: 'n3' },
      { status: undefined, name: '' },
    ]
    for (const f of filters) {
      let q = db.selectFrom('orch_nodes').select('id')
      if (f.status) q = q.where('status', '=', f.status)
      if (f.name) q = q.where('name', '=', f.name)
      expect(await page.rows(db, f, 10), JSON.stringify(f)).toEqual(await q.orderBy('id').limit(10).execute())
    }
    expect(builds).toBe(4) // {}, status, name, status+name; absent and falsy filters share the {} plan
    expect(await page.first(db, { status: 'offline' }, 10)).toEqual({ id: 'n2' })
  })

  it("never reads inside another request's open transaction: waits for its commit, and sees nothing of a rollback", async () => {
    const nameOf = prepared((d: Kysely<Database>, id: string) => d.selectFrom('orch_nodes').select('name').where('id', '=', id))
    const rename = prepared((d: Kysely<Database>, id: string, to: string) => d.updateTable('orch_nodes').set({ name: to }).where('id', '=', id))
    const pause = () => new Promise((r) => setTimeout(r, 30))
    for (const outcome of ['commit', 'rollback'] as const) {
      let outside: Promise<{ name: string } | undefined> | undefined
      let answeredDuring = false
      const trx = inTransaction(db, async (t) => {
        await rename.run(t, 'n3', `during-${outcome}`)
        // Another request reads the same row while this transaction is open (between its awaits).
        outside = nameOf.first(db, 'n3')
        void outside.then(() => (answeredDuring = !done))
        await pause()
        if (outcome === 'rollback') throw new Error('rolled back')
      })
      let done = false
      await trx.catch(() => {})
      done = true
      const seen = await outside!
      // SQLite has one connection: the reader waits for the transaction and then sees its end
      // state. PostgreSQL's pool answers at once with the committed state (read committed).
      expect(seen?.name).toBe(outcome === 'commit' && database.dialect === 'sqlite' ? 'during-commit' : 'n3')
      if (database.dialect === 'sqlite') expect(answeredDuring).toBe(false)
      await rename.run(db, 'n3', 'n3')
    }
  })
})

describe('bound LIMIT and OFFSET (SQLite)', () => {
  it.runIf(!process.env.TEST_DATABASE_URL)('are read as `+?`, so the STAT4 planner does not prepare the statement again per binding', () => {
    const { sql } = db.selectFrom('orch_nodes').select('id').orderBy('id').limit(2).offset(1).compile()
    expect(sql).toMatch(/ limit \? offset \?$/)
    expect(unboundLimits(sql)).toBe(sql.replace(/ limit \? offset \?$/, ' limit +? offset +?'))
    expect(unboundLimits('select (select 1 limit ?) as one')).toBe('select (select 1 limit +?) as one')
  })

  it('page as before, through Kysely and prepared queries alike', async () => {
    const paged = prepared((d: Kysely<Database>, limit: number, offset: number) =>
      d.selectFrom('orch_nodes').select('id').orderBy('id').limit(limit).offset(offset),
    )
    for (const [limit, offset, ids] of [
      [1, 1, ['n2']],
      [2, 1, ['n2', 'n3']],
      [5, 3, []],
      [0, 0, []],
    ] as const) {
      expect((await db.selectFrom('orch_nodes').select('id').orderBy('id').limit(limit).offset(offset).execute()).map((r) => r.id)).toEqual(ids)
      expect((await paged.rows(db, limit, offset)).map((r) => r.id)).toEqual(ids)
    }
  })
})
