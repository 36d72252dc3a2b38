/**
 * The ticket markdown (`ticket_{date}.md`): what a person reviews before approving. Its
 * `- plan_id:` and token lines always come from the latest export (the seed's sync rule, for
 * every date); a past date also lists the plan that day had and says it was superseded. It holds
 * no regeneration time, so the same state always renders the same file.
 */
import type { TradeOrder } from '../../../generated/operator/sdk/types.gen.js'
import type { ExportFile } from './artifacts.js'
import type { Mode } from './draft.js'
import { tokenHint } from './tokens.js'

export interface TicketOrderOutcome {
  seq: number
  status: string
  broker_order_id: string | null
  error: string | null
}

export interface TicketExecution {
  execution_id: string
  plan_id: string
  status: string
  created_at: string
  orders: TicketOrderOutcome[]
}

export interface TicketInputs {
  date: string
  latest: ExportFile
  mode: Mode
  /** The plan published for `date` when it is not the latest export's date. */
  dayPlan: { plan_id: string; orders: TradeOrder[] } | null
  executions: TicketExecution[]
}

/** 76300 → "76,300" without depending on the runtime's locale data. */
const thousands = (n: number) => {
  const [int, frac] = String(n).split('.')
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '')
}

export function orderText(order: TradeOrder): string {
  const price = order.price === null ? '시장가' : `${thousands(order.price)} (지정가)`
  return `${order.action} ${order.symbol} × ${thousands(order.quantity)} @ ${price}`
}

/** The plan's orders, one numbered line each; a HOLD plan says so on one line. */
function orderLines(orders: TradeOrder[]): string[] {
  if (!orders.length) return ['- 주문: HOLD (관망, 주문 없음)']
  return [`- 주문 (${orders.length}건):`, ...orders.map((o, i) => `  ${i + 1}. ${orderText(o)}`)]
}

function outcomeLine(o: TicketOrderOutcome): string {
  // A broker's words stay on one line: the ticket is read line by line (its plan_id line above all).
  const tail = o.broker_order_id ? ` (${o.broker_order_id})` : o.error ? ` — ${o.error.replace(/\s+/g, ' ')}` : ''
  return `  ${o.seq}. ${o.status}${tail}`
}

export function renderTicket({ date, latest, mode, dayPlan, executions }: TicketInputs): string {
  const lines = [
    `# Ticket ${date}`,
    '',
    `- plan_id: \`${latest.plan_id}\``,
    `- confirm_token: ${tokenHint(latest.confirm_token) ?? '없음'} (최신 Export와 동기화됨)`,
    `- mode: ${mode}`,
  ]
  if (dayPlan) {
    lines.push(`- 이 날짜의 계획: \`${dayPlan.plan_id}\` (최신 Export ${latest.plan_id}(${latest.plan_date})로 대체됨)`, ...orderLines(dayPlan.orders))
  } else {
    lines.push(...orderLines(latest.orders))
  }
  if (!executions.length) lines.push('- 실행: 없음')
  for (const e of executions) {
    lines.push(`- 실행: \`${e.execution_id}\` ${e.plan_id} ${e.status} ${e.created_at}`, ...e.orders.map(outcomeLine))
  }
  return lines.join('\n') + '\n'
}

/** A real calendar date in YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
