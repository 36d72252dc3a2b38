/**
 * POST /approve: records the one decision on a thread's pending approval request (the unique
 * decision row is the claim, across processes), checks modifications, and resumes the graph at
 * its interrupt. The identical decision again returns the first result without executing twice;
 * a different one is 409. A decision recorded but never resumed (the process stopped in between)
 * is resumed by the next identical request.
 */
import { randomUUID } from 'node:crypto'
import { Command } from '@langchain/langgraph'
import { canonicalize } from 'json-canonicalize'
import type * as T from '../../../generated/hitl/sdk/types.gen.js'
import { checkDecision } from './decision-check.js'
import type { ResumeValue } from './graph.js'
import type { GraphView } from './shapes.js'
import type { Kind, Modifications, Proposal } from './types.js'
import { err, type HitlCore } from './core.js'
import * as repo from './repo.js'
import * as say from './wording.js'

export function createDecide(core: HitlCore) {
  const { db } = core.deps
  const { now, view, locked, drive } = core
  const sameModifications = (a: string | null, b: Modifications | undefined) => (a ?? null) === (b === undefined ? null : canonicalize(b))

  async function decide(body: T.ApproveRequest) {
    await core.ready
    const threadId = body.thread_id
    if (!(await repo.getThread(db, threadId))) return err(404, 'thread_not_found', '대화를 찾을 수 없습니다', { thread_id: threadId })
    return locked(threadId, async () => {
      const v = await view(threadId)
      const requests = await repo.approvalRequests(db, threadId)
      const request = requests.at(-1)
      if (!request) return err(404, 'not_awaiting_approval', '승인 대기 중인 요청이 없습니다', { thread_id: threadId, current_node: v.currentNode })
      const kind = request.kind as Kind

      let previous = await repo.decisionFor(db, request.request_id)
      let resume: ResumeValue | null = null
      if (!previous) {
        const checked = checkDecision(kind, body.decision, body.modifications, JSON.parse(request.proposal_json) as Proposal, v.values.portfolio ?? null)
        if (!checked.ok) return err(422, 'invalid_modifications', `수정 내용이 올바르지 않습니다 - ${checked.message}`, { errors: checked.issues })
        const at = now()
        const claimed = await repo.insertDecision(db, {
          decision_id: randomUUID(),
          request_id: request.request_id,
          thread_id: threadId,
          decision: body.decision,
          modifications_json: body.modifications === undefined ? null : canonicalize(body.modifications),
          user_notes: body.user_notes ?? null,
          decided_at: at,
        })
        if (claimed) {
          await repo.markRequestDecided(db, request.request_id, body.decision, at)
          await repo.appendMessage(db, threadId, { role: 'user', content: say.decisionNote(body.decision, body.user_notes), node: null, created_at: at })
          resume = { decision: body.decision, proposal: checked.proposal, user_notes: body.user_notes ?? null }
        } else {
          previous = await repo.decisionFor(db, request.request_id)
        }
      }

      if (previous) {
        if (previous.decision !== body.decision || !sameModifications(previous.modifications_json, body.modifications)) {
          return err(409, 'already_decided', '이미 처리된 승인 요청입니다', {
            thread_id: threadId,
            previous_decision: previous.decision,
            requested_decision: body.decision,
          })
        }
        if (v.status === 'completed') {
          return { status: 200 as const, body: compat(threadId, previous.decision, say.noOpMessage(previous.decision), v, true) }
        }
        if (v.status === 'awaiting_approval') {
          // Recorded but never resumed (the process stopped in between): resume with it now.
          const mods = previous.modifications_json ? (JSON.parse(previous.modifications_json) as Modifications) : undefined
          const checked = checkDecision(kind, previous.decision, mods, JSON.parse(request.proposal_json) as Proposal, v.values.portfolio ?? null)
          resume = { decision: previous.decision, proposal: checked.ok ? checked.proposal : null, user_notes: previous.user_notes }
        }
      }

      // Resume at the interrupt, or (a failed execution, same decision again) retry execution.
      const failed = await drive(threadId, resume ? new Command({ resume }) : null)
      if (failed) return failed
      const after = await view(threadId)
      const message = say.outcomeMessage(kind, body.decision, after.values.result ?? null, after.values.proposal ?? null)
      return { status: 200 as const, body: compat(threadId, body.decision, message, after, false) }
    })
  }

  function compat(threadId: string, decision: T.Decision, message: string, v: GraphView, noOp: boolean): T.ApproveCompatResponse {
    const result = v.values.result
    return {
      success: true,
      message,
      conversation_id: threadId,
      graph_completed: v.status === 'completed',
      decision,
      no_op: noOp,
      ...(result ? { result } : {}),
    }
  }

  return decide
}
