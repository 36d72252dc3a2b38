/**
 * Operator API 2.0: a plan is a list of orders. Each execution gets one row per order with its
 * own outcome (the execution's single broker_order_id moves there), and the export history keeps
 * the list (`orders_json`, from the 1.x `order_json`: HOLD becomes the empty list). Existing rows
 * are carried over; their one order keeps the client order id 1.x sent (the plan_id).
 * Frozen in time: Kysely<any>, no app types. Portable types only.
 */
import type { Kysely } from 'kysely'

const ORDER_STATUS: Record<string, string> = { PENDING: 'PENDING', SUBMITTED: 'SUBMITTED', SIMULATED: 'SIMULATED', FILLED: 'FILLED', FAILED: 'FAILED' }

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operator_execution_orders')
    .addColumn('execution_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('client_order_id', 'varchar(160)', (c) => c.notNull())
    .addColumn('action', 'varchar(4)', (c) => c.notNull())
    .addColumn('symbol', 'varchar(16)', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('price', 'double precision')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('broker_order_id', 'varchar(128)')
    .addColumn('error', 'varchar(1000)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('operator_execution_orders_pk', ['execution_id', 'seq'])
    .execute()

  const executions = await db.selectFrom('operator_executions').selectAll().execute()
  for (const e of executions) {
    const d = JSON.parse(e.draft_json)
    const orders = d.action === 'HOLD' ? [] : [{ action: d.action, symbol: d.symbol, quantity: d.quantity, price: d.price ?? null }]
    for (const o of orders) {
      await db
        .insertInto('operator_execution_orders')
        .values({
          execution_id: e.execution_id,
          seq: 1,
          client_order_id: e.plan_id,
          ...o,
          status: ORDER_STATUS[e.status] ?? 'FAILED',
          broker_order_id: e.broker_order_id,
          error: e.error,
          updated_at: e.updated_at,
        })
        .execute()
    }
    const draft = { ticket_ref: d.ticket_ref, plan_id: d.plan_id, action: d.action, orders, mode: d.mode }
    await db
      .updateTable('operator_executions')
      .set({ draft_json: JSON.stringify(draft) })
      .where('execution_id', '=', e.execution_id)
      .execute()
  }
  await db.schema.alterTable('operator_executions').dropColumn('broker_order_id').execute()

  await db.schema.alterTable('operator_exports').addColumn('orders_json', 'text').execute()
  const exports = await db.selectFrom('operator_exports').select(['plan_id', 'order_json']).execute()
  for (const x of exports) {
    const order = JSON.parse(x.order_json)
    const orders = order.action === 'HOLD' ? [] : [order]
    await db
      .updateTable('operator_exports')
      .set({ orders_json: JSON.stringify(orders) })
      .where('plan_id', '=', x.plan_id)
      .execute()
  }
  await db.schema.alterTable('operator_exports').dropColumn('order_json').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('operator_execution_orders').execute()
  await db.schema.alterTable('operator_executions').addColumn('broker_order_id', 'varchar(128)').execute()
  await db.schema.alterTable('operator_exports').addColumn('order_json', 'text').execute()
  const exports = await db.selectFrom('operator_exports').select(['plan_id', 'orders_json']).execute()
  // 1.x holds one order: the first of the list, HOLD for none (down loses the rest).
  for (const x of exports) {
    const orders = JSON.parse(x.orders_json ?? '[]')
    await db
      .updateTable('operator_exports')
      .set({ order_json: JSON.stringify(orders[0] ?? { action: 'HOLD' }) })
      .where('plan_id', '=', x.plan_id)
      .execute()
  }
  await db.schema.alterTable('operator_exports').dropColumn('orders_json').execute()
}
