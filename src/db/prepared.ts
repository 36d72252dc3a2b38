/**
 * Select queries built and compiled once, then run with new parameters.
 *
 * Kysely builds an immutable query tree and compiles it to SQL on every call; in the
 * orchestrator's dispatch run that was ~27% of the server's CPU per command, more than SQLite's
 * own work. `prepared(build)` calls `build` once per database handle with placeholder arguments,
 * keeps the compiled SQL and where each argument landed among its parameters, and afterwards
 * only substitutes the arguments (`CompiledQuery.raw`, Kysely's public API for compiled queries).
 *
 * Writes too (`run`: how many rows it changed), for inserts and updates of a fixed set of columns.
 *
 * Only for queries whose shape does not depend on the arguments' values: every argument must
 * reach the SQL as a bound parameter (checked on first use). A transaction opened with
 * `inTransaction` shares its database's compiled queries; one opened directly compiles its own.
 */
import { CompiledQuery, type Compilable, type Kysely, type Transaction } from 'kysely'

/** Transaction handle → the database it belongs to (same dialect, so the same SQL). */
const roots = new WeakMap<object, object>()

/** A SQLite database's own connection, for running prepared queries without Kysely's driver. */
export interface DirectSqlite {
  /** better-sqlite3's: true while a transaction is open on the connection. */
  readonly inTransaction: boolean
  /** The connection's statement cache (the same one Kysely's driver uses). */
  prepare(sql: string): { reader: boolean; all(params: readonly unknown[]): unknown[]; run(params: readonly unknown[]): { changes: number } }
}

const direct = new WeakMap<object, DirectSqlite>()

/**
 * Lets prepared queries on this (SQLite) database skip Kysely's driver: its connection lock and
 * promise turns cost more than SQLite's own work on a short statement (~24 per orchestrator
 * command). Safe because better-sqlite3 runs each statement synchronously: a query made on the
 * database itself goes direct only when no transaction is open on the connection (one opened by
 * another request, between its awaits, is waited for through Kysely as before); a query made on
 * a transaction handle from `inTransaction` is that transaction's own, on its connection.
 */
export function runDirectly(db: Kysely<any>, sqlite: DirectSqlite) {
  direct.set(db, sqlite)
}

/** `db.transaction().execute(fn)`, with the transaction using the database's prepared queries. */
export function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => {
    roots.set(trx, roots.get(db) ?? db)
    return fn(trx)
  })
}

class Placeholder {
  constructor(readonly index: number) {}
}

type DirectStatement = ReturnType<DirectSqlite['prepare']>

interface Plan {
  sql: string
  parameters: readonly unknown[]
  /** The database's own connection when it runs prepared queries directly (runDirectly). */
  direct: DirectSqlite | null
  /** The direct connection's statement for `sql`, once asked (a Map lookup less per run). */
  statement?: DirectStatement
}

interface Result<Row> {
  rows: Row[]
  changed: number
}
const allRows = <Row>(r: Result<Row>) => r.rows
const firstRow = <Row>(r: Result<Row>) => r.rows[0]
const changedRows = (r: Result<unknown>) => r.changed

export function prepared<DB, A extends unknown[], Row>(build: (db: Kysely<DB>, ...args: A) => Compilable<Row>) {
  const plans = new WeakMap<object, Plan>()

  const planFor = (db: Kysely<DB>, key: object, arity: number): Plan => {
    let plan = plans.get(key)
    if (plan) return plan
    const placeholders = Array.from({ length: arity }, (_, i) => new Placeholder(i))
    const compiled = build(db, ...(placeholders as unknown as A)).compile()
    for (const p of placeholders) {
      if (!compiled.parameters.includes(p)) throw new Error(`prepared query: argument ${p.index} is not a bound parameter of: ${compiled.sql}`)
    }
    plan = { sql: compiled.sql, parameters: compiled.parameters, direct: direct.get(key) ?? null }
    plans.set(key, plan)
    return plan
  }

  const execute = (db: Kysely<DB>, args: A): Result<Row> | Promise<Result<Row>> => {
    const root = roots.get(db)
    const plan = planFor(db, root ?? db, args.length)
    const parameters = plan.parameters.map((p) => (p instanceof Placeholder ? args[p.index] : p))
    // Directly (see runDirectly): a transaction's own query, or one on the database while no
    // transaction is open on the connection. Otherwise through Kysely's driver.
    const d = plan.direct
    if (d && (root !== undefined || !d.inTransaction)) {
      plan.statement ??= d.prepare(plan.sql)
      const stmt = plan.statement
      return stmt.reader ? { rows: stmt.all(parameters) as Row[], changed: 0 } : { rows: [], changed: stmt.run(parameters).changes }
    }
    return db
      .executeQuery<Row>(CompiledQuery.raw(plan.sql, parameters) as CompiledQuery<Row>)
      .then((r) => ({ rows: r.rows, changed: Number(r.numAffectedRows ?? 0) }))
  }
  /**
   * A promise of `pick(result)`. Not an async function: a query run directly has its answer
   * already, and an async wrapper per query was a promise and a turn more (~25 queries per
   * orchestrator command). A direct query's error still arrives as a rejection.
   */
  const answer = <T>(db: Kysely<DB>, args: A, pick: (r: Result<Row>) => T): Promise<T> => {
    let out: Result<Row> | Promise<Result<Row>>
    try {
      out = execute(db, args)
    } catch (e) {
      return Promise.reject(e)
    }
    return out instanceof Promise ? out.then(pick) : Promise.resolve(pick(out))
  }
  /** All rows. */
  const rows = (db: Kysely<DB>, ...args: A): Promise<Row[]> => answer(db, args, allRows)
  /** The first row, or undefined (as `executeTakeFirst`). */
  const first = (db: Kysely<DB>, ...args: A): Promise<Row | undefined> => answer(db, args, firstRow)
  /** An insert's or update's count of rows changed. */
  const run = (db: Kysely<DB>, ...args: A): Promise<number> => answer(db, args, changedRows)
  return { rows, first, run }
}

/**
 * Prepared queries over optional equality filters: one plan per combination of filters present
 * (a filter is present when truthy, as `if (filter.x) q = q.where('x', '=', filter.x)` reads),
 * built by `build` with the present ones as placeholders, then the remaining arguments.
 */
export function preparedFiltered<DB, F extends Record<string, unknown>, A extends unknown[], Row>(
  keys: readonly (keyof F & string)[],
  build: (db: Kysely<DB>, filter: Partial<F>, ...args: A) => Compilable<Row>,
) {
  type Member = ReturnType<typeof prepared<DB, unknown[], Row>>
  const members = new Map<number, { present: (keyof F & string)[]; query: Member }>()
  const memberFor = (filter: Partial<F>) => {
    let mask = 0
    for (let i = 0; i < keys.length; i++) if (filter[keys[i]]) mask |= 1 << i
    let member = members.get(mask)
    if (!member) {
      const present = keys.filter((_, i) => mask & (1 << i))
      const query = prepared((db: Kysely<DB>, ...values: unknown[]) =>
        build(db, Object.fromEntries(present.map((k, i) => [k, values[i]])) as Partial<F>, ...(values.slice(present.length) as A)),
      )
      members.set(mask, (member = { present, query }))
    }
    return member
  }
  /** All rows. */
  const rows = (db: Kysely<DB>, filter: Partial<F>, ...args: A): Promise<Row[]> => {
    const m = memberFor(filter)
    return m.query.rows(db, ...m.present.map((k) => filter[k]), ...args)
  }
  /** The first row, or undefined. */
  const first = async (db: Kysely<DB>, filter: Partial<F>, ...args: A): Promise<Row | undefined> => (await rows(db, filter, ...args))[0]
  return { rows, first }
}
