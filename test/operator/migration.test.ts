/**
 * The 2.0 migration (a plan is a list of orders) on a database written by 1.x: each execution's
 * one order becomes an order row keeping what 1.x sent and heard (client order id = plan_id, the
 * broker's order id, the status), its draft takes the 2.0 shape, and the export history's single
 * `order` becomes `orders` (HOLD → the empty list). Runs on PostgreSQL too with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connect, type Db } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { operatorMigrations } from '../../src/services/operator/migrations/index.js'
import { freshDatabaseUrl } from '../support/database.js'

let conn: Db
beforeAll(async () => {
  conn = await connect(await freshDatabaseUrl())
  await migrateToLatest(conn.db, [{ '2026-12-01-operator-core': operatorMigrations['2026-12-01-operator-core'] }])
})
afterAll(() => conn?.close())

const execution = (id: string, plan: string, draft: object, status: string, broker: string | null, error: string | null) => ({
  execution_id: id,
  plan_id: plan,
  ticket_ref: 'ticket_2026-02-17.md',
  plan_date: '2026-02-17',
  mode: 'LIVE',
  status,
  token_source: 'OPERATOR',
  broker_order_id: broker,
  error,
  draft_json: JSON.stringify(draft),
  submitted_json: JSON.stringify(draft),
  created_at: '2026-02-17T00:04:05Z',
  updated_at: '2026-02-17T00:04:06Z',
})

it('carries 1.x executions and exports over to order lists', async () => {
  const { db } = conn
  const head = { ticket_ref: 'ticket_2026-02-17.md', mode: 'LIVE' }
  await db
    .insertInto('operator_executions')
    .values([
      execution('e-sell', 'p-sell', { ...head, plan_id: 'p-sell', action: 'SELL', symbol: '000660', quantity: 20, price: null }, 'SUBMITTED', 'KRX-1', null),
      execution('e-fail', 'p-fail', { ...head, plan_id: 'p-fail', action: 'BUY', symbol: '005930', quantity: 3, price: 70000 }, 'FAILED', null, '거부됨'),
      execution('e-hold', 'p-hold', { ...head, plan_id: 'p-hold', action: 'HOLD' }, 'SUBMITTED', null, null),
    ])
    .execute()
  await db
    .insertInto('operator_exports')
    .values([
      {
        plan_id: 'p-sell',
        plan_date: '2026-02-17',
        order_json: JSON.stringify({ action: 'SELL', symbol: '000660', quantity: 20, price: null }),
        confirm_token_hint: null,
        published_at: 'x',
      },
      { plan_id: 'p-hold', plan_date: '2026-02-18', order_json: JSON.stringify({ action: 'HOLD' }), confirm_token_hint: '••••abcd', published_at: 'y' },
    ])
    .execute()

  expect(await migrateToLatest(db, [operatorMigrations])).toEqual(['2026-12-02-operator-order-lists'])

  const orders = await db.selectFrom('operator_execution_orders').selectAll().orderBy('execution_id').execute()
  expect(orders.map((o) => ({ ...o, quantity: Number(o.quantity), seq: Number(o.seq), price: o.price === null ? null : Number(o.price) }))).toEqual([
    {
      execution_id: 'e-fail',
      seq: 1,
      client_order_id: 'p-fail',
      action: 'BUY',
      symbol: '005930',
      quantity: 3,
      price: 70000,
      status: 'FAILED',
      broker_order_id: null,
      error: '거부됨',
      updated_at: '2026-02-17T00:04:06Z',
    },
    {
      execution_id: 'e-sell',
      seq: 1,
      client_order_id: 'p-sell',
      action: 'SELL',
      symbol: '000660',
      quantity: 20,
      price: null,
      status: 'SUBMITTED',
      broker_order_id: 'KRX-1',
      error: null,
      updated_at: '2026-02-17T00:04:06Z',
    },
  ])
  const drafts = await db.selectFrom('operator_executions').select(['execution_id', 'draft_json']).orderBy('execution_id').execute()
  expect(drafts.map((d) => JSON.parse(d.draft_json))).toEqual([
    {
      ticket_ref: 'ticket_2026-02-17.md',
      plan_id: 'p-fail',
      action: 'BUY',
      orders: [{ action: 'BUY', symbol: '005930', quantity: 3, price: 70000 }],
      mode: 'LIVE',
    },
    { ticket_ref: 'ticket_2026-02-17.md', plan_id: 'p-hold', action: 'HOLD', orders: [], mode: 'LIVE' },
    {
      ticket_ref: 'ticket_2026-02-17.md',
      plan_id: 'p-sell',
      action: 'SELL',
      orders: [{ action: 'SELL', symbol: '000660', quantity: 20, price: null }],
      mode: 'LIVE',
    },
  ])
  const exports = await db.selectFrom('operator_exports').selectAll().orderBy('plan_id').execute()
  expect(exports.map((x) => [x.plan_id, JSON.parse(x.orders_json), 'order_json' in x])).toEqual([
    ['p-hold', [], false],
    ['p-sell', [{ action: 'SELL', symbol: '000660', quantity: 20, price: null }], false],
  ])
  const execRow = await db.selectFrom('operator_executions').selectAll().where('execution_id', '=', 'e-sell').executeTakeFirstOrThrow()
  expect('broker_order_id' in execRow).toBe(false)
})
