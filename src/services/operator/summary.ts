/**
 * The ops summary from the state of the artifacts, by the rules of the spec's table
 * (POST /api/ops/summary/regenerate): first matching row wins.
 *
 *   export missing or invalid            → AWAITING_EXPORT     [WAIT]
 *   latest plan has an execution record  → EXECUTED            [WAIT]
 *   ticket missing, invalid or stale     → TICKET_OUT_OF_SYNC  [REGENERATE_TICKET]
 *   otherwise                            → AWAITING_APPROVAL   [REVIEW_TICKET, SUBMIT_TICKET]
 */
import type { ArtifactStatus, OpsSummary, RequiredAction, Stage } from '../../../generated/operator/sdk/types.gen.js'
import type { ArtifactRead, ExportFile, TicketFile } from './artifacts.js'
import type { Mode } from './draft.js'

export interface SummaryInputs {
  mode: Mode
  now: Date
  exportRead: ArtifactRead<ExportFile>
  /** The ticket of the export's plan_date; null when there is no usable export. */
  ticketRead: ArtifactRead<TicketFile> | null
  /** The execution record of the latest plan, if any. */
  executionId: string | null
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

function status(read: ArtifactRead<{ plan_id?: string; planId?: string }> | null, latestPlan: string | null): ArtifactStatus {
  if (!read) return { path: null, status: 'MISSING', plan_id: null, updated_at: null, error: null }
  if (read.status === 'MISSING') return { path: read.path, status: 'MISSING', plan_id: null, updated_at: null, error: null }
  if (read.status === 'INVALID') return { path: read.path, status: 'INVALID', plan_id: null, updated_at: iso(read.updatedAt), error: read.error }
  const planId = read.value.plan_id ?? read.value.planId ?? null
  const stale = latestPlan !== null && planId !== latestPlan
  return { path: read.path, status: stale ? 'STALE' : 'PRESENT', plan_id: planId, updated_at: iso(read.updatedAt), error: null }
}

export function buildSummary({ mode, now, exportRead, ticketRead, executionId }: SummaryInputs): OpsSummary {
  const exp = exportRead.status === 'PRESENT' ? exportRead.value : null
  const exportStatus = status(exportRead, null)
  const ticketStatus = status(exp ? ticketRead : null, exp?.plan_id ?? null)
  let stage: Stage
  let actions: RequiredAction[]
  if (!exp) [stage, actions] = ['AWAITING_EXPORT', ['WAIT']]
  else if (executionId) [stage, actions] = ['EXECUTED', ['WAIT']]
  else if (ticketStatus.status !== 'PRESENT') [stage, actions] = ['TICKET_OUT_OF_SYNC', ['REGENERATE_TICKET']]
  else [stage, actions] = ['AWAITING_APPROVAL', ['REVIEW_TICKET', 'SUBMIT_TICKET']]
  return {
    generated_at: iso(now),
    mode,
    stage,
    manual_loop: {
      required_actions: actions,
      token_required: mode === 'LIVE' && actions.includes('SUBMIT_TICKET'),
      plan_id: exp?.plan_id ?? null,
      ticket_date: exp?.plan_date ?? null,
    },
    artifacts: { order_plan_export: exportStatus, ticket: ticketStatus },
    last_execution_id: exp ? executionId : null,
  }
}
