/**
 * Work that several processes starting together on one PostgreSQL database must do one at a
 * time (migrating, seeding the examples' resources): a session advisory lock held on one pooled
 * connection while `work` runs on the others. And periodic work that one process should do for
 * all (the orchestrator's sweeper): `Leadership`. SQLite has one process: `work` just runs.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely'

/** pg_advisory_lock keys (constants the app uses for nothing else). */
export const LOCK_KEYS = { migrate: 7_140_001, seed: 7_140_002, orchSweeper: 7_140_003 } as const

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

/**
 * One leader among the processes for `key`: whoever holds its session lock, on a pooled connection
 * set aside while it leads. The others try again at each `lead()`, so when the leader's session
 * ends (its process killed, its connection lost: PostgreSQL frees the lock) another takes over at
 * its next try. The leader checks its connection at each `lead()` and tries afresh if it broke.
 * SQLite (one process): always the leader.
 */
export class Leadership {
  private conn: Kysely<any> | null = null
  private letGo: (() => void) | null = null
  private held: Promise<unknown> | null = null
  private readonly shared: boolean

  constructor(
    private readonly db: Kysely<any>,
    private readonly key: number,
  ) {
    this.shared = db.getExecutor().adapter instanceof PostgresAdapter
  }

  /** Whether this process leads now; a follower tries to become the leader. Never two calls at once. */
  async lead(): Promise<boolean> {
    if (!this.shared) return true
    if (this.conn) {
      try {
        await sql`select 1`.execute(this.conn)
        return true
      } catch {
        await this.release()
      }
    }
    return new Promise<boolean>((resolve, reject) => {
      this.held = this.db
        .connection()
        .execute(async (conn) => {
          const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${sql.lit(this.key)}) as ok`.execute(conn)
          if (!rows[0]?.ok) return resolve(false)
          this.conn = conn
          await new Promise<void>((freed) => {
            this.letGo = freed
            resolve(true)
          })
          this.conn = null
          await sql`select pg_advisory_unlock(${sql.lit(this.key)})`.execute(conn)
        })
        .catch((e) => {
          this.conn = null
          reject(e) // settles nothing once it resolved: a broken connection shows at the next lead()
        })
    })
  }

  /** Gives the lead up (stopping): the connection goes back to the pool, unlocked. */
  async release(): Promise<void> {
    this.letGo?.()
    this.letGo = null
    await this.held?.catch(() => undefined)
    this.held = null
  }
}
