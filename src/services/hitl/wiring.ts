/**
 * The hitl service for one app: the chat graph on its checkpointer, the thread store, and the
 * three things users do — start a thread, decide on its approval request, follow its events.
 * Work on one thread is serialised (a per-thread lock in this process; the one-decision-per-
 * request unique key across processes), so concurrent approvals execute an order once.
 */
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { Command } from '@langchain/langgraph'
import { canonicalize } from 'json-canonicalize'
import type * as T from '../../../generated/hitl/sdk/types.gen.js'
import type { AppDeps } from '../../deps.js'
import { BrokerError, httpBroker, simulatedBroker, type Broker } from './broker.js'
import { openCheckpointer, type Checkpointer } from './checkpointer.js'
import { checkDecision } from './decision-check.js'
import { NotUnderstoodError, buildChatGraph, type ChatGraph, type ChatStateValue, type GraphEffects, type ResumeValue, type StartInput } from './graph.js'
import { effectiveConfig } from './policy.js'
import { threadShape, type GraphView } from './shapes.js'
import { llmUnderstander, ruleBasedUnderstander, type RequestUnderstander } from './understanding.js'
import type { GraphNodeName, Kind, Modifications, Proposal } from './types.js'
import * as repo from './repo.js'
import * as say from './wording.js'

export type Hitl = ReturnType<typeof createHitl>

export interface HitlOverrides {
  broker?: Broker
  understander?: RequestUnderstander
}

const err = <S extends number>(status: S, error: T.HitlError['error'], message: string, detail?: Record<string, unknown>) => ({
  status,
  body: { success: false as const, error, message, ...(detail ? { detail } : {}) },
})

export function createHitl(deps: AppDeps, overrides: HitlOverrides = {}) {
  const { db, clock, config } = deps
  const logger = deps.logger.child({ service: 'hitl' })
  const broker = overrides.broker ?? (config.hitl.broker === 'http' ? httpBroker(config.hitl.brokerUrl!) : simulatedBroker)
  const understander = overrides.understander ?? (config.hitl.llm ? llmUnderstander({ ...config.hitl.llm, logger }) : ruleBasedUnderstander)
  const now = () => clock.now().toISOString()

  // New events wake the SSE requests waiting on their thread (other processes' are polled).
  const bus = new EventEmitter()
  bus.setMaxListeners(0)
  let closing = false

  const fx: GraphEffects = {
    now,
    clock: () => clock.now(),
    understander,
    async step(threadId, node) {
      await fx.event(threadId, 'step' as never, { node, at: now() }, `step:${node}`)
    },
    async say(threadId, node, content, dedupeKey) {
      await repo.appendMessage(db, threadId, { role: 'assistant', content, node, created_at: now() }, dedupeKey)
    },
    async event(threadId, type, data, dedupeKey) {
      const seq = await repo.appendEvent(db, threadId, { type: type as 'step', data_json: JSON.stringify(data), created_at: now() }, dedupeKey)
      if (seq !== null) bus.emit(threadId)
    },
    async approvalRequested(r) {
      const { proposal, ...rest } = r
      await repo.insertApprovalRequest(db, { ...rest, status: 'pending', proposal_json: JSON.stringify(proposal), created_at: now(), decided_at: null })
    },
    async kindKnown(threadId, kind) {
      await repo.touchThread(db, threadId, now(), kind)
    },
    async placeOnce(threadId, order) {
      const known = await repo.fillFor(db, order.clientOrderId)
      if (known) return JSON.parse(known)
      const fill = await broker.place(order, clock.now())
      await repo.recordFill(db, threadId, order.clientOrderId, JSON.stringify(fill), now())
      return fill
    },
  }

  let checkpointer: Checkpointer
  let graph: ChatGraph
  const ready = openCheckpointer(config.databaseUrl).then((cp) => {
    checkpointer = cp
    graph = buildChatGraph(fx, cp.saver)
    logger.info('hitl checkpoints', { location: cp.location, broker: broker.name, understanding: config.hitl.llm ? 'llm+rules' : 'rules' })
  })

  const chains = new Map<string, Promise<unknown>>()
  function locked<R>(threadId: string, fn: () => Promise<R>): Promise<R> {
    const run = (chains.get(threadId) ?? Promise.resolve()).then(fn, fn)
    const tail = run.then(
      () => undefined,
      () => undefined,
    )
    chains.set(threadId, tail)
    void tail.then(() => chains.get(threadId) === tail && chains.delete(threadId))
    return run
  }

  const cfg = (threadId: string) => ({ configurable: { thread_id: threadId } })

  async function view(threadId: string): Promise<GraphView> {
    const snap = await graph.getState(cfg(threadId))
    const waiting = snap.tasks.find((t) => (t.interrupts?.length ?? 0) > 0)
    const next = snap.next as string[]
    const status = next.length === 0 ? 'completed' : waiting ? 'awaiting_approval' : 'failed'
    const currentNode = (status === 'completed' ? '__end__' : (waiting?.name ?? next[0])) as GraphNodeName
    return { values: snap.values as Partial<ChatStateValue>, status, currentNode }
  }

  async function threadState(threadId: string) {
    const row = await repo.getThread(db, threadId)
    if (!row) return null
    const [v, requests, decisions, messages] = await Promise.all([
      view(threadId),
      repo.approvalRequests(db, threadId),
      repo.decisions(db, threadId),
      repo.messages(db, threadId),
    ])
    return threadShape(row, v, { requests, decisions, messages }, broker.name)
  }

  /** Runs the graph; a broker failure is a 500 the user can act on (the thread waits at execute). */
  async function drive(threadId: string, input: Parameters<ChatGraph['invoke']>[0]) {
    try {
      await graph.invoke(input, cfg(threadId))
      return null
    } catch (e) {
      if (e instanceof BrokerError) {
        const v = await view(threadId)
        return err(500, 'broker_error', e.message, { thread_id: threadId, current_node: v.currentNode })
      }
      throw e
    } finally {
      await repo.touchThread(db, threadId, now())
    }
  }

  async function start(body: T.ThreadCreateRequest) {
    await ready
    if (body.proposal && !body.kind) {
      return err(422, 'validation_error', '요청 형식이 올바르지 않습니다', {
        errors: [{ pointer: '/body/kind', message: 'proposal을 보내면 kind가 필요합니다', type: 'required' }],
      })
    }
    if (body.proposal && body.kind && 'symbol' in body.proposal !== (body.kind === 'trading')) {
      const message =
        body.kind === 'trading' ? 'kind가 trading이면 proposal은 매매 제안이어야 합니다' : 'kind가 rebalance이면 proposal은 리밸런싱 제안이어야 합니다'
      return err(422, 'validation_error', '요청 형식이 올바르지 않습니다', { errors: [{ pointer: '/body/proposal', message, type: 'kind_mismatch' }] })
    }
    const threadId = body.thread_id ?? randomUUID()
    if (!(await repo.insertThread(db, threadId, now()))) return err(409, 'thread_exists', '이미 있는 대화 스레드입니다', { thread_id: threadId })
    return locked(threadId, async () => {
      if (body.message) await repo.appendMessage(db, threadId, { role: 'user', content: body.message, node: null, created_at: now() })
      const input: StartInput = {
        ...(body.message ? { message: body.message } : {}),
        ...(body.kind ? { kind: body.kind } : {}),
        ...(body.proposal ? { proposal: body.proposal } : {}),
        ...(body.holdings ? { holdings: body.holdings } : {}),
        ...(body.cash !== undefined ? { cash: body.cash } : {}),
        ...(body.target_weights ? { target_weights: body.target_weights } : {}),
      }
      const hitl = effectiveConfig(config.hitl.defaultPolicy, body.hitl_config)
      let failed: Awaited<ReturnType<typeof drive>>
      try {
        failed = await drive(threadId, { thread_id: threadId, input, hitl })
      } catch (e) {
        if (!(e instanceof NotUnderstoodError)) throw e
        // Nothing was proposed: the thread is forgotten, so the user can simply ask again.
        await repo.deleteThread(db, threadId)
        await checkpointer.saver.deleteThread(threadId)
        return err(422, 'request_not_understood', `요청을 이해하지 못했습니다 - ${e.hint}`, { message: body.message ?? null, reason: e.reason })
      }
      if (failed) return failed
      return { status: 201 as const, body: (await threadState(threadId))!, headers: { Location: `/api/v1/chat/threads/${encodeURIComponent(threadId)}` } }
    })
  }

  const sameModifications = (a: string | null, b: Modifications | undefined) => (a ?? null) === (b === undefined ? null : canonicalize(b))

  async function decide(body: T.ApproveRequest) {
    await ready
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

  async function read(threadId: string) {
    await ready
    const state = await threadState(threadId)
    return state ? { status: 200 as const, body: state } : err(404, 'thread_not_found', '대화를 찾을 수 없습니다', { thread_id: threadId })
  }

  /**
   * Resolves when this process writes an event of the thread, after `ms`, or when the service
   * closes. The caller re-reads the table at least once a second, which covers events another
   * process wrote (PostgreSQL scale-out).
   */
  function nextEvent(threadId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        bus.off(threadId, done)
        bus.off('close', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      bus.on(threadId, done)
      bus.on('close', done)
    })
  }

  async function events(threadId: string, lastEventId: number, waitSec: number) {
    await ready
    if (!(await repo.getThread(db, threadId))) return err(404, 'thread_not_found', '대화를 찾을 수 없습니다', { thread_id: threadId })
    let rows = await repo.eventsAfter(db, threadId, lastEventId)
    if (!rows.length) {
      if ((await view(threadId)).status === 'completed') return { status: 204 as const, body: undefined, headers: { 'Cache-Control': 'no-cache' } }
      if (waitSec > 0 && !closing) {
        const deadline = Date.now() + waitSec * 1000
        while (!rows.length && !closing && Date.now() < deadline) {
          await nextEvent(threadId, Math.min(1000, deadline - Date.now()))
          rows = await repo.eventsAfter(db, threadId, lastEventId)
        }
      }
    }
    const text = ['retry: 1000\n\n', ...rows.map((e) => `id: ${e.seq}\nevent: ${e.type}\ndata: ${e.data_json}\n\n`)].join('')
    return { status: 200 as const, body: text, headers: { 'Cache-Control': 'no-cache' } }
  }

  return {
    ready,
    broker,
    start,
    decide,
    read,
    events,
    /** The graph's state as LangGraph keeps it (tests and the seed). */
    view: async (threadId: string) => (await ready, view(threadId)),
    async close() {
      closing = true
      bus.emit('close')
      await ready.catch(() => undefined)
      await Promise.all([...chains.values()])
      await checkpointer?.close()
    },
  }
}
