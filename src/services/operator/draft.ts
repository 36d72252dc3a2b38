/**
 * Drafts: the preview built from the latest export, and the check of a submitted draft against
 * it. The seed's raw_json is `{ticket_ref, plan_id, action}`; every other field is optional on
 * submit, but a field that is sent must say what the export says.
 */
import type { Draft } from '../../../generated/operator/sdk/types.gen.js'
import { ticketRef, type ExportFile } from './artifacts.js'

export type Mode = 'LIVE' | 'DRY_RUN'

/** The draft of an export in a mode, keys in a fixed order (pretty_json is shown to people). */
export function draftOf(exp: ExportFile, mode: Mode): Draft {
  const head = { ticket_ref: ticketRef(exp.plan_date), plan_id: exp.plan_id }
  if (exp.order.action === 'HOLD') return { ...head, action: 'HOLD', mode }
  const { action, symbol, quantity, price } = exp.order
  return { ...head, action, symbol, quantity, price, mode }
}

export const prettyJson = (draft: Draft) => JSON.stringify(draft, null, 2)

const show = (v: unknown) => (v === undefined ? '(없음)' : v === null ? 'null' : String(v))

/**
 * The first field where a submitted draft differs from the expected one, as `field: sent ≠ expected`,
 * or null when every field it sends matches. `plan_id` and `mode` are checked by the caller (they
 * have their own answers); a trade field sent on a HOLD plan is a difference.
 */
export function draftDifference(sent: Draft, expected: Draft): string | null {
  for (const field of ['ticket_ref', 'action', 'symbol', 'quantity', 'price'] as const) {
    if (!(field in sent)) continue
    if (sent[field] !== expected[field]) return `${field}: ${show(sent[field])} ≠ ${show(expected[field])}`
  }
  return null
}
