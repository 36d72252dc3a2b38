/**
 * The operator's operations (generated interface: a missing one does not compile). Expected
 * failures are documented responses; the check order of submit is the spec's:
 * 422 → 404 → 403 (token, then plan_id) → 409 → 503 → 201.
 */
import { randomUUID } from 'node:crypto'
import type { OperatorHandlers } from '../../../generated/operator/handlers.gen.js'
import type { Draft } from '../../../generated/operator/sdk/types.gen.js'
import type { RequestMeta } from '../../kit/types.js'
import { EXPORT_PATH, SUMMARY_PATH, invalidDetail, readSummary, readTicket, ticketRef, type ExportFile } from './artifacts.js'
import { draftDifference, draftOf, prettyJson } from './draft.js'
import { dashboardCsp, renderDashboard } from './dashboard/page.js'
import { placeOrders } from './execute.js'
import { samePlan, type Operator } from './wiring.js'
import { executionShape, exportShape, isoSeconds } from './shapes.js'
import { isCalendarDate } from './ticket.js'
import { tokenHint, tokensMatch } from './tokens.js'
import * as repo from './repo.js'

export interface OperatorContext {
  op: Operator
  request: RequestMeta
}

const detail = <S extends number>(status: S, message: string) => ({ status, body: { detail: message } })
const fieldError = (loc: (string | number)[], msg: string, type: string) => ({
  status: 422 as const,
  body: { detail: [{ loc, msg, type, pointer: `/${loc.join('/')}` }] },
})

const NO_EXPORT = `최신 Export(${EXPORT_PATH})가 없습니다.`
const TOKEN_MISMATCH = 'plan_id/token 불일치: 최신 Export(order_plan_export_latest.json)의 confirm_token과 일치하지 않아 차단되었습니다.'

/** The ticket of the export's date must name the export's plan: 404 / 500 / 409 otherwise. */
async function ticketProblem(op: Operator, exp: ExportFile) {
  const ticket = await readTicket(op.store, exp.plan_date)
  if (ticket.status === 'MISSING') return detail(404, `${ticket.path}가 없습니다. POST /api/operator/ticket/regenerate/${exp.plan_date} 로 재생성하세요.`)
  if (ticket.status === 'INVALID') return detail(500, `${invalidDetail(ticket)} Ticket을 재생성하세요.`)
  if (ticket.value.planId !== exp.plan_id) return detail(409, `${ticket.path}의 plan_id가 최신 Export와 다릅니다. Ticket을 재생성하세요.`)
  return null
}

/** Rewrites the summary after a change; the change itself stands even if this write fails. */
async function refreshSummary(ctx: OperatorContext) {
  try {
    await ctx.op.regenerateSummary()
  } catch (e) {
    ctx.op.deps.logger.error('operator: ops summary not rewritten', { requestId: ctx.request.requestId, error: (e as Error).message })
  }
}

export const operatorHandlers: OperatorHandlers<OperatorContext> = {
  async generateDraft(_req, { op }) {
    const exp = await op.currentExport()
    if (exp.status === 'MISSING') return detail(404, NO_EXPORT)
    if (exp.status === 'INVALID') return detail(500, invalidDetail(exp))
    const ticket = await ticketProblem(op, exp.value)
    if (ticket) return ticket
    if (await repo.executionOfPlan(op.deps.db, exp.value.plan_id)) return detail(409, `plan_id ${exp.value.plan_id}은(는) 이미 제출되었습니다.`)
    const draft = draftOf(exp.value, op.mode)
    return { status: 200, body: { pretty_json: prettyJson(draft), raw_json: draft } }
  },

  async submitDraft({ body }, ctx) {
    const { op } = ctx
    const live = op.mode === 'LIVE'
    if (live && !body.token) return fieldError(['body', 'token'], 'LIVE 모드에서는 token이 필수입니다.', 'missing')
    const exp = await op.currentExport()
    if (exp.status === 'MISSING') return detail(404, NO_EXPORT)
    if (exp.status === 'INVALID') {
      if (exp.tampered) return detail(403, `${exp.path}: ${exp.error}. 제출을 차단했습니다.`)
      return detail(500, invalidDetail(exp))
    }
    const plan = exp.value
    // DRY_RUN injects the server's mock token and runs the same gate, so both modes take one path.
    const presented = live ? body.token : op.mockToken
    const expected = live ? plan.confirm_token : op.mockToken
    if (!tokensMatch(presented, expected)) return detail(403, TOKEN_MISMATCH)
    const draft = body.draft
    if (draft.plan_id !== plan.plan_id)
      return detail(403, `plan_id 불일치: Draft의 plan_id(${draft.plan_id})가 최신 Export(${plan.plan_id})와 달라 차단되었습니다.`)
    if (draft.mode && draft.mode !== op.mode)
      return detail(409, `Draft의 mode(${draft.mode})가 현재 실행 모드(${op.mode})와 다릅니다. Draft를 다시 생성하세요.`)
    const executed = draftOf(plan, op.mode)
    const difference = draftDifference(draft, executed)
    if (difference) return detail(409, `Draft가 최신 Export와 다릅니다(${difference}). Draft를 다시 생성하세요.`)
    const ticket = await ticketProblem(op, plan)
    if (ticket) return ticket.status === 404 ? detail(409, ticket.body.detail) : ticket
    const already = () => detail(409, `plan_id ${plan.plan_id}은(는) 이미 제출되었습니다.`)
    if (await repo.executionOfPlan(op.deps.db, plan.plan_id)) return already()
    if (!op.broker)
      return detail(503, `LIVE 모드에 브로커 어댑터가 설정되지 않았습니다(OPERATOR_BROKER=${op.deps.config.operator.broker}). 주문을 보내지 않았습니다.`)

    // The record and its orders exist (PENDING, QUEUED) before the broker is called: a crash in
    // between leaves a visible trace of how far it got, and never a second order.
    const stamp = () => isoSeconds(op.deps.clock.now())
    const now = stamp()
    const executionId = randomUUID()
    const row: repo.ExecutionRow = {
      execution_id: executionId,
      plan_id: plan.plan_id,
      ticket_ref: ticketRef(plan.plan_date),
      plan_date: plan.plan_date,
      mode: op.mode,
      status: 'PENDING',
      token_source: live ? 'OPERATOR' : 'SERVER_MOCK',
      error: null,
      draft_json: JSON.stringify(executed),
      submitted_json: JSON.stringify(draft satisfies Draft),
      created_at: now,
      updated_at: now,
    }
    const orders: repo.OrderRow[] = plan.orders.map((o, i) => ({
      execution_id: executionId,
      seq: i + 1,
      client_order_id: `${plan.plan_id}-${i + 1}`,
      action: o.action,
      symbol: o.symbol,
      quantity: o.quantity,
      price: o.price,
      status: 'QUEUED',
      broker_order_id: null,
      error: null,
      updated_at: now,
    }))
    if (!(await repo.claimExecution(op.deps.db, row, orders))) return already()

    const outcome = await placeOrders(op.deps.db, op.broker, executionId, orders, live ? 'SUBMITTED' : 'SIMULATED', stamp)
    await repo.finishExecution(op.deps.db, executionId, { ...outcome, updated_at: stamp() })
    await refreshSummary(ctx)
    const record = await repo.getExecution(op.deps.db, executionId)
    const placed = await repo.ordersOf(op.deps.db, [executionId])
    return { status: 201, body: executionShape(record!, placed.get(executionId)!), headers: { Location: `/api/operator/executions/${executionId}` } }
  },

  async listExecutions({ query }, { op }) {
    const rows = await repo.listExecutions(op.deps.db, { mode: query.mode, plan_id: query.plan_id }, query.limit)
    const orders = await repo.ordersOf(
      op.deps.db,
      rows.map((r) => r.execution_id),
    )
    return { status: 200, body: { items: rows.map((r) => executionShape(r, orders.get(r.execution_id)!)), count: rows.length } }
  },

  async getExecution({ path }, { op }) {
    const row = await repo.getExecution(op.deps.db, path.execution_id)
    if (!row) return detail(404, 'Execution Record를 찾을 수 없습니다.')
    const orders = await repo.ordersOf(op.deps.db, [row.execution_id])
    return { status: 200, body: executionShape(row, orders.get(row.execution_id)!) }
  },

  async getLatestExport(_req, { op }) {
    const exp = await op.currentExport()
    if (exp.status === 'MISSING') return detail(404, NO_EXPORT)
    if (exp.status === 'INVALID') return detail(500, invalidDetail(exp))
    return { status: 200, body: exportShape(exp.value) }
  },

  async publishLatestExport({ body }, ctx) {
    const { op } = ctx
    if (op.mode === 'LIVE') {
      if (!body.confirm_token) return fieldError(['body', 'confirm_token'], 'LIVE 모드에서는 confirm_token이 필수입니다.', 'missing')
      if (!tokensMatch(body.confirm_token, op.deps.config.secrets.exportConfirmToken)) {
        return detail(403, 'confirm_token이 EXPORT_CONFIRM_TOKEN과 다릅니다(변조 의심). Export를 게시하지 않았습니다.')
      }
    }
    if (await repo.executionOfPlan(op.deps.db, body.plan_id)) return detail(409, `plan_id ${body.plan_id}은(는) 이미 제출되었습니다.`)
    const known = await repo.getExport(op.deps.db, body.plan_id)
    if (known && !samePlan(known, body)) {
      return detail(409, `plan_id ${body.plan_id}은(는) 이미 다른 주문 내용으로 게시되었습니다. 새 plan_id로 게시하세요.`)
    }
    const exp: ExportFile = {
      plan_id: body.plan_id,
      plan_date: body.plan_date,
      ...(body.confirm_token ? { confirm_token: body.confirm_token } : {}),
      orders: body.orders,
      published_at: isoSeconds(op.deps.clock.now()),
    }
    await op.store.write(EXPORT_PATH, JSON.stringify(exp, null, 2) + '\n')
    await op.regenerateTicket(exp.plan_date, exp)
    await refreshSummary(ctx)
    return { status: 200, body: exportShape(exp) }
  },

  async regenerateTicket({ path }, ctx) {
    const { op } = ctx
    const date = path.ticket_date
    if (!isCalendarDate(date)) return fieldError(['path', 'ticket_date'], 'ticket_date는 YYYY-MM-DD 형식의 실제 날짜여야 합니다.', 'format')
    const exp = await op.currentExport()
    if (exp.status === 'MISSING') return detail(404, NO_EXPORT)
    if (exp.status === 'INVALID') return detail(500, invalidDetail(exp))
    const written = await op.regenerateTicket(date, exp.value)
    if (!written) return detail(404, `${date} 날짜에 게시된 Export가 없습니다.`)
    await refreshSummary(ctx)
    return {
      status: 200,
      body: {
        ticket_date: date,
        ticket_ref: ticketRef(date),
        path: written.path,
        plan_id: exp.value.plan_id,
        mode: op.mode,
        confirm_token_hint: tokenHint(exp.value.confirm_token),
        markdown: written.markdown,
        regenerated_at: isoSeconds(op.deps.clock.now()),
      },
    }
  },

  async getOpsSummary(_req, { op }) {
    const read = await readSummary(op.store)
    if (read.status === 'MISSING') return detail(404, `${SUMMARY_PATH}이 없습니다. POST /api/ops/summary/regenerate?confirm=true 로 생성하세요.`)
    if (read.status === 'INVALID') return detail(500, `${invalidDetail(read)} POST /api/ops/summary/regenerate?confirm=true 로 다시 쓰세요.`)
    // Written under another OPERATOR_MODE (the server restarted): what it says about the token is wrong now.
    if (read.value.mode !== op.mode) return { status: 200, body: await op.regenerateSummary() }
    return { status: 200, body: read.value }
  },

  async regenerateOpsSummary(_req, { op }) {
    return { status: 200, body: await op.regenerateSummary() }
  },

  getOperatorDashboard() {
    return { status: 200, body: renderDashboard(), headers: { 'Cache-Control': 'no-store', 'Content-Security-Policy': dashboardCsp } }
  },
}
