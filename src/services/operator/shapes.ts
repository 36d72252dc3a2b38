/**
 * Rows and files turned into the spec's response bodies, in one place.
 */
import type { ExecutionOrder, ExecutionRecord, OrderPlanExport } from '../../../generated/operator/sdk/types.gen.js'
import { EXPORT_PATH, ticketRef, type ExportFile } from './artifacts.js'
import { planAction } from './draft.js'
import type { ExecutionRow, OrderRow } from './repo.js'
import { tokenHint } from './tokens.js'

export const orderShape = (o: OrderRow): ExecutionOrder => ({
  seq: o.seq,
  client_order_id: o.client_order_id,
  action: o.action,
  symbol: o.symbol,
  quantity: o.quantity,
  price: o.price,
  status: o.status,
  broker_order_id: o.broker_order_id,
  error: o.error,
})

export const executionShape = (row: ExecutionRow, orders: OrderRow[]): ExecutionRecord => ({
  execution_id: row.execution_id,
  plan_id: row.plan_id,
  ticket_ref: row.ticket_ref,
  mode: row.mode,
  status: row.status,
  token_source: row.token_source,
  error: row.error,
  draft: JSON.parse(row.draft_json),
  orders: orders.map(orderShape),
  created_at: row.created_at,
})

export const exportShape = (exp: ExportFile): OrderPlanExport => ({
  path: EXPORT_PATH,
  plan_id: exp.plan_id,
  plan_date: exp.plan_date,
  action: planAction(exp.orders),
  orders: exp.orders,
  confirm_token_hint: tokenHint(exp.confirm_token),
  ticket_ref: ticketRef(exp.plan_date),
  published_at: exp.published_at,
})

/** ISO-8601 UTC to the second, as the spec's examples show. */
export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
