/**
 * The operator plane bound to the app: its mode, artifact store, brokers and database, and the
 * regenerations every write ends with (the ticket of a date, the ops summary). Handlers and the
 * seed hook share one of these per app.
 */
import { canonicalize } from 'json-canonicalize'
import { randomToken } from '../../kit/secrets.js'
import type { AppDeps } from '../../deps.js'
import type { OpsSummary } from '../../../generated/operator/sdk/types.gen.js'
import { ArtifactStore } from './artifact-store.js'
import { SUMMARY_PATH, readExport, readTicket, ticketPath, type ArtifactRead, type ExportFile } from './artifacts.js'
import { liveBroker, simulatedBroker, type Broker } from './broker/broker.js'
import type { Mode } from './draft.js'
import { buildSummary } from './summary.js'
import { renderTicket } from './ticket.js'
import { tokenHint, tokensMatch } from './tokens.js'
import * as repo from './repo.js'

/** The latest export as read, with `tampered` when LIVE finds a token other than EXPORT_CONFIRM_TOKEN. */
export type CheckedExport = ArtifactRead<ExportFile> & { tampered?: boolean }

export interface Operator {
  deps: AppDeps
  mode: Mode
  store: ArtifactStore
  /** The broker of this mode: simulated in DRY_RUN; the configured adapter (or null) in LIVE. */
  broker: Broker | null
  /** DRY_RUN's server-side mock token: injected in place of the operator's and checked by the same gate. */
  mockToken: string
  currentExport(): Promise<CheckedExport>
  /** Keeps the export's history row (exports may arrive as files, not only through PUT). */
  remember(exp: ExportFile): Promise<void>
  regenerateSummary(): Promise<OpsSummary>
  /** Rewrites ticket_{date}.md; null when nothing was published for that date. */
  regenerateTicket(date: string, latest: ExportFile): Promise<{ path: string; markdown: string } | null>
}

export function createOperator(deps: AppDeps, fetchImpl: typeof fetch = fetch): Operator {
  const { config, db, clock } = deps
  const mode = config.operator.mode
  const store = new ArtifactStore(config.operator.artifactRoot)
  const expected = config.secrets.exportConfirmToken

  const op: Operator = {
    deps,
    mode,
    store,
    broker: mode === 'DRY_RUN' ? simulatedBroker : liveBroker(config.operator, fetchImpl),
    mockToken: randomToken(),

    async currentExport() {
      const read = await readExport(store)
      if (read.status !== 'PRESENT') return read
      const tampered = (error: string): CheckedExport => ({ status: 'INVALID', path: read.path, updatedAt: read.updatedAt, error, tampered: true })
      if (mode === 'LIVE' && !tokensMatch(read.value.confirm_token, expected)) return tampered('confirm_token이 EXPORT_CONFIRM_TOKEN과 다릅니다(변조 의심)')
      // A plan's content is fixed when first published: a file that changes it under the same plan_id
      // would let an approval of that plan_id execute something nobody reviewed.
      const known = await repo.getExport(db, read.value.plan_id)
      if (known && !samePlan(known, read.value)) return tampered(`plan_id ${read.value.plan_id}의 주문 내용이 게시 이력과 다릅니다(변조 의심)`)
      return read
    },

    async remember(exp) {
      const known = await repo.getExport(db, exp.plan_id)
      if (known && (!samePlan(known, exp) || known.published_at === exp.published_at)) return
      await repo.saveExport(db, {
        plan_id: exp.plan_id,
        plan_date: exp.plan_date,
        orders_json: JSON.stringify(exp.orders),
        confirm_token_hint: tokenHint(exp.confirm_token),
        published_at: exp.published_at,
      })
    },

    async regenerateSummary() {
      const exportRead = await op.currentExport()
      let ticketRead = null
      let executionId: string | null = null
      if (exportRead.status === 'PRESENT') {
        await op.remember(exportRead.value)
        ticketRead = await readTicket(store, exportRead.value.plan_date)
        executionId = (await repo.executionOfPlan(db, exportRead.value.plan_id))?.execution_id ?? null
      }
      const summary = buildSummary({ mode, now: clock.now(), exportRead, ticketRead, executionId })
      await store.write(SUMMARY_PATH, JSON.stringify(summary, null, 2) + '\n')
      return summary
    },

    async regenerateTicket(date, latest) {
      await op.remember(latest)
      let dayPlan = null
      if (date !== latest.plan_date) {
        const row = await repo.exportOnDate(db, date)
        if (!row) return null
        dayPlan = { plan_id: row.plan_id, orders: JSON.parse(row.orders_json) }
      }
      const rows = await repo.executionsOnDate(db, date)
      const orders = await repo.ordersOf(
        db,
        rows.map((r) => r.execution_id),
      )
      const executions = rows.map((r) => ({ ...r, orders: orders.get(r.execution_id)! }))
      const markdown = renderTicket({ date, latest, mode, dayPlan, executions })
      const path = ticketPath(date)
      await store.write(path, markdown)
      return { path, markdown }
    },
  }
  return op
}

/** Whether a history row and an export describe the same plan (date and the list of orders in its order, key order aside). */
export const samePlan = (known: repo.ExportRow, exp: { plan_date: string; orders: unknown }) =>
  known.plan_date === exp.plan_date && canonicalize(JSON.parse(known.orders_json)) === canonicalize(exp.orders)
