/**
 * The operator's queries: plain functions taking the database (or a transaction) first; rows are
 * turned into API shapes in shapes.ts.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../database.js'
import type { OperatorExecutionsTable, OperatorExportsTable } from './tables.js'

type Db = Kysely<Database>
export type ExecutionRow = Selectable<OperatorExecutionsTable>
export type ExportRow = Selectable<OperatorExportsTable>

/**
 * Inserts the record unless the plan already has one; true when this call inserted it. The
 * unique index on plan_id makes this the lock of "one plan executes at most once": of two racing
 * submits, exactly one insert takes effect (SQLite and PostgreSQL alike).
 */
export async function claimExecution(db: Db, row: ExecutionRow): Promise<boolean> {
  const result = await db
    .insertInto('operator_executions')
    .values(row)
    .onConflict((oc) => oc.column('plan_id').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
}

export async function finishExecution(db: Db, executionId: string, patch: Pick<ExecutionRow, 'status' | 'broker_order_id' | 'error' | 'updated_at'>) {
  await db.updateTable('operator_executions').set(patch).where('execution_id', '=', executionId).execute()
}

export const getExecution = (db: Db, executionId: string) =>
  db.selectFrom('operator_executions').selectAll().where('execution_id', '=', executionId).executeTakeFirst()

export const executionOfPlan = (db: Db, planId: string) => db.selectFrom('operator_executions').selectAll().where('plan_id', '=', planId).executeTakeFirst()

export const executionsOnDate = (db: Db, date: string) =>
  db.selectFrom('operator_executions').selectAll().where('plan_date', '=', date).orderBy('created_at').orderBy('execution_id').execute()

export function listExecutions(db: Db, filter: { mode?: 'LIVE' | 'DRY_RUN'; plan_id?: string }, limit: number) {
  let q = db.selectFrom('operator_executions').selectAll()
  if (filter.mode) q = q.where('mode', '=', filter.mode)
  if (filter.plan_id) q = q.where('plan_id', '=', filter.plan_id)
  return q.orderBy('created_at', 'desc').orderBy('execution_id', 'desc').limit(limit).execute()
}

export const getExport = (db: Db, planId: string) => db.selectFrom('operator_exports').selectAll().where('plan_id', '=', planId).executeTakeFirst()

/** The plan last published for a date. */
export const exportOnDate = (db: Db, date: string) =>
  db.selectFrom('operator_exports').selectAll().where('plan_date', '=', date).orderBy('published_at', 'desc').orderBy('plan_id', 'desc').executeTakeFirst()

export async function saveExport(db: Db, row: ExportRow) {
  await db
    .insertInto('operator_exports')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('plan_id')
        .doUpdateSet({ plan_date: row.plan_date, order_json: row.order_json, confirm_token_hint: row.confirm_token_hint, published_at: row.published_at }),
    )
    .execute()
}
