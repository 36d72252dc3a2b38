/**
 * Demo state for `make run` and the resources the spec's request examples refer to: yesterday's
 * plan (2026-02-17, one SELL) with its execution record 3f0c6a52-…, and the plan awaiting approval
 * (plan_20260218_0900: BUY 005930 × 131 @ 76,300 and BUY 035420 × 12 @ 182,500) with its ticket
 * and the ops summary. Idempotent, and it never replaces an export or ticket that is already there.
 */
import type { TradeOrder } from '../../../generated/operator/sdk/types.gen.js'
import { EXPORT_PATH, readTicket, type ExportFile } from './artifacts.js'
import { draftOf } from './draft.js'
import type { Operator } from './wiring.js'
import * as repo from './repo.js'

const PAST_ORDERS: TradeOrder[] = [{ action: 'SELL', symbol: '000660', quantity: 20, price: null }]
export const DEMO_ORDERS: TradeOrder[] = [
  { action: 'BUY', symbol: '005930', quantity: 131, price: 76300 },
  { action: 'BUY', symbol: '035420', quantity: 12, price: 182500 },
]
export const DEMO_PLAN_ID = 'plan_20260218_0900'
const DEMO_TOKEN = '7c1e2b9d4a6f40c8b3e59f3a'
const PAST_EXECUTION = '3f0c6a52-8d1e-4b7a-9c2f-5e8d7a1b4c60'

export async function seedOperator(op: Operator): Promise<void> {
  const { db, config } = op.deps
  if (!(await repo.getExport(db, 'plan_20260217_0900'))) {
    await repo.saveExport(db, {
      plan_id: 'plan_20260217_0900',
      plan_date: '2026-02-17',
      orders_json: JSON.stringify(PAST_ORDERS),
      confirm_token_hint: '••••0217',
      published_at: '2026-02-16T23:50:00Z',
    })
  }
  const pastDraft = draftOf({ plan_id: 'plan_20260217_0900', plan_date: '2026-02-17', orders: PAST_ORDERS, published_at: '2026-02-16T23:50:00Z' }, 'DRY_RUN')
  const at = '2026-02-17T00:04:05Z'
  await repo.claimExecution(
    db,
    {
      execution_id: PAST_EXECUTION,
      plan_id: 'plan_20260217_0900',
      ticket_ref: 'ticket_2026-02-17.md',
      plan_date: '2026-02-17',
      mode: 'DRY_RUN',
      status: 'SIMULATED',
      token_source: 'SERVER_MOCK',
      error: null,
      draft_json: JSON.stringify(pastDraft),
      submitted_json: JSON.stringify(pastDraft),
      created_at: at,
      updated_at: at,
    },
    PAST_ORDERS.map((o, i) => ({
      execution_id: PAST_EXECUTION,
      seq: i + 1,
      client_order_id: `plan_20260217_0900-${i + 1}`,
      ...o,
      status: 'SIMULATED',
      broker_order_id: `SIM-plan_20260217_0900-${i + 1}`,
      error: null,
      updated_at: at,
    })),
  )

  let latest: ExportFile | null = null
  const current = await op.currentExport()
  if (current.status === 'MISSING') {
    latest = {
      plan_id: DEMO_PLAN_ID,
      plan_date: '2026-02-18',
      // In LIVE the file must carry EXPORT_CONFIRM_TOKEN (anything else reads as tampered).
      confirm_token: op.mode === 'LIVE' ? config.secrets.exportConfirmToken : DEMO_TOKEN,
      orders: DEMO_ORDERS,
      published_at: '2026-02-17T23:50:00Z',
    }
    await op.store.write(EXPORT_PATH, JSON.stringify(latest, null, 2) + '\n')
  } else if (current.status === 'PRESENT') {
    latest = current.value
  }
  if (latest && (await readTicket(op.store, latest.plan_date)).status === 'MISSING') await op.regenerateTicket(latest.plan_date, latest)
  await op.regenerateSummary()
}
