/**
 * Work that several processes starting together on one PostgreSQL database must do one at a
 * time (migrating, seeding the examples' resources): a session advisory lock held on one pooled
 * connection while `work` runs on the others. SQLite has one process: `work` just runs.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely'

/** pg_advisory_lock keys (constants the app uses for nothing else). */
export const LOCK_KEYS = { migrate: 7_140_001, seed: 7_140_002 } as const

export function exclusively<T>(db: Kysely<any>, key: number, work: () => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return work()
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${sql.lit(key)})`.execute(conn)
    try {
      return await work()
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(key)})`.execute(conn)
    }
  })
}
