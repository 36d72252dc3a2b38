/**
 * The seed hook: the demo state the dashboard shows at `make run`, the resources the spec's
 * examples name, applied twice without harm, and never over an export that is already there.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as sdk from '../../generated/operator/sdk/index.js'
import { operator } from '../../src/services/operator/index.js'
import { startOperator, type Running } from './harness.js'

let r: Running
beforeAll(async () => (r = await startOperator({}, { seed: false })))
afterAll(() => r?.stop())

it('starts empty: no export, summary missing', async () => {
  expect((await sdk.getLatestExport({ client: r.client })).response.status).toBe(404)
  expect((await sdk.getOpsSummary({ client: r.client })).response.status).toBe(404)
})

it('seeds the demo plan awaiting approval and yesterday’s execution, idempotently', async () => {
  await operator.seed!(r.server.deps)
  await operator.seed!(r.server.deps)
  expect((await sdk.getOpsSummary({ client: r.client })).data).toMatchObject({ stage: 'AWAITING_APPROVAL', manual_loop: { plan_id: 'plan_20260218_0900' } })
  expect((await sdk.getExecution({ client: r.client, path: { execution_id: '3f0c6a52-8d1e-4b7a-9c2f-5e8d7a1b4c60' } })).data!.plan_id).toBe(
    'plan_20260217_0900',
  )
  expect((await sdk.listExecutions({ client: r.client })).data!.count).toBe(1)
})

it('does not replace an export published since', async () => {
  await sdk.publishLatestExport({ client: r.exporter, body: { plan_id: 'plan_20260219_0900', plan_date: '2026-02-19', orders: [] } })
  await operator.seed!(r.server.deps)
  expect((await sdk.getLatestExport({ client: r.client })).data!.plan_id).toBe('plan_20260219_0900')
  expect((await sdk.getOpsSummary({ client: r.client })).data!.manual_loop.plan_id).toBe('plan_20260219_0900')
})

it('prints working development credentials for both schemes', async () => {
  const creds = await operator.devCredentials!(r.server.deps)
  const res = await fetch(`${r.base}/api/operator/executions`, { headers: creds.operatorBearer })
  expect(res.status).toBe(200)
  const put = await fetch(`${r.base}/api/operator/exports/latest`, {
    method: 'PUT',
    headers: { ...creds.exportBearer, 'Content-Type': 'application/json' },
    body: JSON.stringify({ plan_id: 'plan_20260220_0900', plan_date: '2026-02-20', orders: [] }),
  })
  expect(put.status).toBe(200)
})
