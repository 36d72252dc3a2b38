/**
 * Drafts: the preview built from the latest export, and the check of a submitted draft against
 * it. The seed's raw_json is `{ticket_ref, plan_id, action}`; every other field is optional on
 * submit, but a field that is sent must say what the export says.
 */
import type { Draft, PlanAction, TradeOrder } from '../../../generated/operator/sdk/types.gen.js'
import { ticketRef, type ExportFile } from './artifacts.js'

export type Mode = 'LIVE' | 'DRY_RUN'

/** What a plan does as a whole: the seed's one `action` for a list of orders. */
export function planAction(orders: readonly TradeOrder[]): PlanAction {
  if (!orders.length) return 'HOLD'
  return orders.every((o) => o.action === orders[0].action) ? orders[0].action : 'MIXED'
}

/** An order with its keys in a fixed order (pretty_json is shown to people). */
const tidy = ({ action, symbol, quantity, price }: TradeOrder): TradeOrder => ({ action, symbol, quantity, price })

/** The draft of an export in a mode, keys in a fixed order. */
export function draftOf(exp: ExportFile, mode: Mode): Draft {
  return { ticket_ref: ticketRef(exp.plan_date), plan_id: exp.plan_id, action: planAction(exp.orders), orders: exp.orders.map(tidy), mode }
}

export const prettyJson = (draft: Draft) => JSON.stringify(draft, null, 2)

const show = (v: unknown) => (v === undefined ? '(없음)' : v === null ? 'null' : String(v))

/**
 * The first place where a submitted draft differs from the expected one, as `where: sent ≠ expected`
 * (`orders[0].quantity: 130 ≠ 131`), or null when everything it sends matches. `plan_id` and `mode`
 * are checked by the caller (they have their own answers). Orders, when sent, must be the same
 * list: same count, same order, same fields.
 */
export function draftDifference(sent: Draft, expected: Draft): string | null {
  for (const field of ['ticket_ref', 'action'] as const) {
    if (sent[field] !== expected[field]) return `${field}: ${show(sent[field])} ≠ ${show(expected[field])}`
  }
  if (!sent.orders) return null
  const want = expected.orders ?? []
  if (sent.orders.length !== want.length) return `orders: ${sent.orders.length}건 ≠ ${want.length}건`
  for (const [i, order] of sent.orders.entries()) {
    for (const field of ['action', 'symbol', 'quantity', 'price'] as const) {
      if (order[field] !== want[i][field]) return `orders[${i}].${field}: ${show(order[field])} ≠ ${show(want[i][field])}`
    }
  }
  return null
}
