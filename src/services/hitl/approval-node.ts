/**
 * `approval_trade_node` / `approval_rebalance_node`: asks hitl_config whether a human must decide;
 * if so records the approval request, says and streams it, and calls interrupt(). POST /approve
 * resumes here with the decision (already checked); a rejection ends the flow, an approval (or
 * modification, revalued at the request's rate) goes on to execution. The node runs again from
 * its start on resume, so what it writes before interrupt() is keyed and written once.
 */
import { interrupt } from '@langchain/langgraph'
import type * as T from '../../../generated/hitl/sdk/types.gen.js'
import { valueLegs } from './fx.js'
import type { ChatStateValue, GraphEffects, ResumeValue } from './graph-state.js'
import { needsApproval } from './policy.js'
import type { Action, Kind, RebalanceProposal, TradeProposal } from './types.js'
import { actionOf } from './types.js'
import * as say from './wording.js'

type ApprovalRequestEvent = T.ApprovalRequestEvent

export const approvalNode = (fx: GraphEffects, node: 'approval_trade_node' | 'approval_rebalance_node', kind: Kind) =>
  async function approve(s: ChatStateValue) {
    const action: Action = actionOf(kind)
    await fx.step(s.thread_id, node)
    if (!needsApproval(s.hitl, action, s.amount)) {
      await fx.say(s.thread_id, node, say.autoApproved(s.hitl, kind, s.value), 'auto-approved')
      return { decision: { decision: 'approved' as const, proposal: s.proposal, user_notes: null, auto: true }, flags: { [`${action}_approved`]: true } }
    }
    const requestId = s.request_id!
    const proposal = s.proposal!
    await fx.approvalRequested({ request_id: requestId, thread_id: s.thread_id, node, kind, proposal, value: s.value })
    await fx.say(
      s.thread_id,
      node,
      kind === 'trading' ? say.askTrade(proposal as TradeProposal, s.value) : say.askRebalance(proposal as RebalanceProposal, s.value),
      `ask:${requestId}`,
    )
    const p = proposal as TradeProposal & RebalanceProposal
    const data: ApprovalRequestEvent = {
      request_id: requestId,
      action,
      side: kind === 'trading' ? p.side : null,
      symbol: kind === 'trading' ? p.symbol : null,
      name: kind === 'trading' ? (p.name ?? null) : null,
      quantity: kind === 'trading' ? p.quantity : null,
      price: kind === 'trading' ? (p.price ?? null) : null,
      currency: s.value?.currency ?? 'KRW',
      amount: s.value ? s.value.amount : s.amount,
      amount_krw: s.amount,
      fx_rate: s.value?.fx_rate ?? null,
      rationale: p.reason ?? null,
      trades: kind === 'rebalance' ? p.trades : null,
    }
    await fx.event(s.thread_id, 'approval_request', data, `approval:${requestId}`)

    const resume = interrupt({ request_id: requestId, action, proposal }) as ResumeValue

    if (resume.decision === 'rejected') {
      const message = say.outcomeMessage(kind, 'rejected', null, proposal)
      await fx.say(s.thread_id, node, message, 'outcome')
      await fx.event(s.thread_id, 'outcome', { decision: 'rejected', status: 'rejected', message, result: null }, 'outcome')
      return { decision: resume, outcome: 'rejected' as const, flags: { [`${action}_approved`]: false } }
    }
    const next = resume.proposal ?? proposal
    // A modified order is valued at the rate its request showed (asked anew only if it now has USD legs).
    const value = await valueLegs(
      kind === 'trading' ? [next as TradeProposal] : (next as RebalanceProposal).trades,
      async () => s.value?.fx_rate ?? (await fx.usdKrw()),
    )
    return { decision: resume, proposal: next, value, amount: value.amount_krw, flags: { [`${action}_approved`]: true } }
  }
