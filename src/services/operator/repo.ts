/**
 * The operator's queries: plain functions taking the database (or a transaction) first; rows are
 * turned into API shapes in shapes.ts.
 */
import type { Kysely, Selectable } from 'kysely'
import { inTransaction } from '../../db/prepared.js'
import type { Database } from '../database.js'
import type { OperatorExecutionOrdersTable, OperatorExecutionsTable, OperatorExportsTable } from './tables.js'

type Db = Kysely<Database>
export type ExecutionRow = Selectable<OperatorExecutionsTable>
export type OrderRow = Selectable<OperatorExecutionOrdersTable>
export type ExportRow = Selectable<OperatorExportsTable>

/**
 * Inserts the record and its orders (QUEUED) unless the plan already has one; true when this call
 * inserted them. The unique index on plan_id makes this the lock of "one plan executes at most
 * once": of two racing submits, exactly one insert takes effect (SQLite and PostgreSQL alike).
 * One transaction, so a record is never seen without its orders.
 */
export function claimExecution(db: Db, row: ExecutionRow, orders: OrderRow[]): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const result = await trx
      .insertInto('operator_executions')
      .values(row)
      .onConflict((oc) => oc.column('plan_id').doNothing())
      .executeTakeFirst()
    if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false
    if (orders.length) await trx.insertInto('operator_execution_orders').values(orders).execute()
    return true
  })
}

export async function updateOrder(db: Db, executionId: string, seq: number, patch: Pick<OrderRow, 'status' | 'broker_order_id' | 'error' | 'updated_at'>) {
  await db.updateTable('operator_execution_orders').set(patch).where('execution_id', '=', executionId).where('seq', '=', seq).execute()
}

/** Every order of the execution still QUEUED becomes SKIPPED with the reason. */
export async function skipQueued(db: Db, executionId: string, error: string, updatedAt: string) {
  await db
    .updateTable('operator_execution_orders')
    .set({ status: 'SKIPPED', error, updated_at: updatedAt })
    .where('execution_id', '=', executionId)
    .where('status', '=', 'QUEUED')
    .execute()
}

export async function finishExecution(db: Db, executionId: string, patch: Pick<ExecutionRow, 'status' | 'error' | 'updated_at'>) {
  await db.updateTable('operator_executions').set(patch).where('execution_id', '=', executionId).execute()
}

/** The orders of some executions, by execution id, each list in plan order. */
export async function ordersOf(db: Db, executionIds: string[]): Promise<Map<string, OrderRow[]>> {
  const byExecution = new Map<string, OrderRow[]>(executionIds.map((id) => [id, []]))
  if (!executionIds.length) return byExecution
  const rows = await db
    .selectFrom('operator_execution_orders')
    .selectAll()
    .where('execution_id', 'in', executionIds)
    .orderBy('execution_id')
    .orderBy('seq')
    .execute()
  for (const r of rows)
    byExecution.get(r.execution_id)?.push({ ...r, seq: Number(r.seq), quantity: Number(r.quantity), price: r.price === null ? null : Number(r.price) })
  return byExecution
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
        .doUpdateSet({ plan_date: row.plan_date, orders_json: row.orders_json, confirm_token_hint: row.confirm_token_hint, published_at: row.published_at }),
    )
    .execute()
}
