/**
 * Opens the database named by DATABASE_URL: `sqlite:<file>` (the embedded default; the folder
 * is created), `:memory:` (tests), or `postgres://…` (scale-out). Same Kysely code on both.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import { runDirectly } from './prepared.js'

export type Dialect = 'sqlite' | 'postgres'

export interface Db {
  /** Typed by whoever opened it (the app: `Database` of src/services/database.ts). */
  db: Kysely<any>
  dialect: Dialect
  close(): Promise<void>
}

type SQLiteDatabase = import('better-sqlite3').Database
type Statement = ReturnType<SQLiteDatabase['prepare']>

/**
 * A bound LIMIT or OFFSET (`limit ?`, as Kysely writes every `.limit(n)`) is read as `+?`:
 * better-sqlite3's SQLite is built with STAT4, whose planner looks at the value bound there, so
 * each new binding expired the statement and SQLite prepared it again on the next run (16 µs
 * against 10 for a one-row read; the orchestrator's queue head, 26 against 10). Unary plus
 * changes nothing in the value and keeps the planner from looking.
 */
const BOUND_LIMIT = /\b(limit|offset) \?/g
export const unboundLimits = (sqlText: string) => sqlText.replace(BOUND_LIMIT, '$1 +?')

/**
 * Kysely's SQLite driver prepares every query anew; preparing was a quarter of the server's CPU
 * per orchestrator command. The same SQL text reuses its prepared statement (bounded, oldest
 * evicted). Safe because the driver runs one query at a time on the connection and never leaves
 * a statement iterating.
 */
function withStatementCache(sqlite: SQLiteDatabase, max = 500) {
  const cache = new Map<string, Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string): Statement {
      let stmt = cache.get(sqlText)
      if (stmt) {
        cache.delete(sqlText) // re-insert: most recently used last
      } else {
        stmt = sqlite.prepare(unboundLimits(sqlText))
        if (cache.size >= max) cache.delete(cache.keys().next().value!)
      }
      cache.set(sqlText, stmt)
      return stmt
    },
  }
}

export async function connect(url: string): Promise<Db> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { default: pg } = await import('pg')
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }) })
    return { db, dialect: 'postgres', close: () => db.destroy() }
  }
  const { default: SQLite } = await import('better-sqlite3')
  const file = url === ':memory:' ? ':memory:' : url.replace(/^sqlite:/, '')
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SQLite(file)
  // WAL lets readers run beside the single writer; a busy timeout rides out short write locks.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  const statements = withStatementCache(sqlite)
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: statements }) })
  runDirectly(db, {
    get inTransaction() {
      return sqlite.inTransaction
    },
    prepare: (text) => statements.prepare(text),
  })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}
