/**
 * One plan executes at most once: many submits of the same draft at the same moment (over
 * real connections, LIVE with a broker that counts orders) give one 201, the rest 409, one
 * record, and each of the plan's orders placed exactly once. Runs on PostgreSQL too with
 * TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as sdk from '../../generated/operator/sdk/index.js'
import { startFakeBroker, type FakeBroker } from './fake-broker.js'
import { EXPORT_CONFIRM_TOKEN, startOperator, type Running } from './harness.js'

let r: Running
let broker: FakeBroker
beforeAll(async () => {
  broker = await startFakeBroker()
  r = await startOperator({ OPERATOR_MODE: 'LIVE', OPERATOR_BROKER: 'http', OPERATOR_BROKER_URL: broker.url })
})
afterAll(async () => {
  await r?.stop()
  await broker?.close()
})

it('executes a plan of two orders once when twelve submits race', async () => {
  const draft = (await sdk.generateDraft({ client: r.client })).data!.raw_json
  const results = await Promise.all(Array.from({ length: 12 }, () => sdk.submitDraft({ client: r.client, body: { token: EXPORT_CONFIRM_TOKEN, draft } })))
  const statuses = results.map((x) => x.response.status).sort()
  expect(statuses).toEqual([201, ...Array(11).fill(409)])
  for (const x of results.filter((x) => x.response.status === 409))
    expect((x.error as any).detail).toBe('plan_id plan_20260218_0900은(는) 이미 제출되었습니다.')
  expect(draft.orders).toHaveLength(2)
  expect(broker.orders.map((o) => o.body.client_order_id)).toEqual(['plan_20260218_0900-1', 'plan_20260218_0900-2'])
  const rows = await r.server.deps.db.selectFrom('operator_executions').selectAll().where('plan_id', '=', 'plan_20260218_0900').execute()
  expect(rows).toHaveLength(1)
  expect(rows[0].status).toBe('SUBMITTED')
  const orders = await r.server.deps.db.selectFrom('operator_execution_orders').selectAll().where('execution_id', '=', rows[0].execution_id).execute()
  expect(orders.map((o) => o.status)).toEqual(['SUBMITTED', 'SUBMITTED'])
})
