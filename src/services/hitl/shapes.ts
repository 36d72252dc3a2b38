/**
 * Rows and graph state to API shapes, in one place.
 */
import type * as T from '../../../generated/hitl/sdk/types.gen.js'
import type { ChatStateValue } from './graph.js'
import type { HitlApprovalRequestsTable, HitlMessagesTable, HitlThreadsTable, HitlUserDecisionsTable } from './tables.js'
import type { GraphNodeName } from './types.js'

export type ThreadStatus = 'awaiting_approval' | 'completed' | 'failed'

export interface GraphView {
  values: Partial<ChatStateValue>
  status: ThreadStatus
  currentNode: GraphNodeName
}

export const approvalRequestShape = (r: HitlApprovalRequestsTable): T.ApprovalRequest => ({
  request_id: r.request_id,
  node: r.node,
  kind: r.kind,
  status: r.status,
  proposal: JSON.parse(r.proposal_json),
  currency: r.currency ?? 'KRW',
  amount: r.amount === null ? null : Number(r.amount),
  amount_krw: r.amount_krw !== null ? Number(r.amount_krw) : r.currency === null && r.amount !== null ? Number(r.amount) : null,
  fx_rate: r.fx_json ? JSON.parse(r.fx_json) : null,
  created_at: r.created_at,
  decided_at: r.decided_at,
})

export const decisionShape = (d: HitlUserDecisionsTable): T.UserDecision => ({
  decision_id: d.decision_id,
  request_id: d.request_id,
  decision: d.decision,
  modifications: d.modifications_json ? JSON.parse(d.modifications_json) : null,
  user_notes: d.user_notes,
  decided_at: d.decided_at,
})

export const messageShape = (m: HitlMessagesTable): T.ConversationMessage => ({ role: m.role, content: m.content, node: m.node, created_at: m.created_at })

export function threadShape(
  row: HitlThreadsTable,
  view: GraphView,
  rows: { requests: HitlApprovalRequestsTable[]; decisions: HitlUserDecisionsTable[]; messages: HitlMessagesTable[] },
  broker: string,
): T.ThreadState {
  const v = view.values
  const requests = rows.requests.map(approvalRequestShape)
  const pending = view.status === 'awaiting_approval' ? (requests.findLast((r) => r.status === 'pending') ?? null) : null
  return {
    thread_id: row.thread_id,
    conversation_id: row.thread_id,
    kind: v.kind ?? row.kind ?? 'trading',
    status: view.status,
    current_node: view.currentNode,
    graph_completed: view.status === 'completed',
    broker,
    hitl_config: v.hitl ?? { trade: 'always', rebalance: 'always' },
    flags: v.flags ?? {},
    proposal: v.proposal ?? null,
    portfolio: v.portfolio ?? null,
    pending_approval: pending,
    approval_requests: requests,
    user_decisions: rows.decisions.map(decisionShape),
    messages: rows.messages.map(messageShape),
    result: v.result ?? null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}
