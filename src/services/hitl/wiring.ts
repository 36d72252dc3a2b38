/**
 * The hitl service for one app: the chat graph on its checkpointer, and the four things users do
 * — start a thread, read it, decide on its approval request (decide.ts), follow its events
 * (event-stream.ts). Outside services (broker, LLM, exchange rate) are chosen here from the
 * configuration, or given by tests.
 */
import { exclusively, LOCK_KEYS } from '../../db/advisory-lock.js'
import { randomUUID } from 'node:crypto'
import type * as T from '../../../generated/hitl/sdk/types.gen.js'
import type { StreamThreadEventsResult } from '../../../generated/hitl/handlers.gen.js'
import type { AppDeps } from '../../deps.js'
import { httpBroker, simulatedBroker, type Broker } from './broker.js'
import { openCheckpointer, type Checkpointer } from './checkpointer.js'
import { err, hitlCore } from './core.js'
import { createDecide } from './decide.js'
import { graphEffects } from './effects.js'
import { eventFeed } from './event-feed.js'
import { eventStream } from './event-stream.js'
import { configuredRates, type ExchangeRates } from './fx.js'
import { NotUnderstoodError, buildChatGraph, type ChatGraph, type StartInput } from './graph.js'
import { effectiveConfig } from './policy.js'
import { threadShape } from './shapes.js'
import { llmUnderstander, ruleBasedUnderstander, type RequestUnderstander } from './understanding.js'
import * as repo from './repo.js'

export type Hitl = ReturnType<typeof createHitl>

export interface HitlOverrides {
  broker?: Broker
  understander?: RequestUnderstander
  rates?: ExchangeRates
}

export function createHitl(deps: AppDeps, overrides: HitlOverrides = {}) {
  const { db, config } = deps
  const logger = deps.logger.child({ service: 'hitl' })
  const broker = overrides.broker ?? (config.hitl.broker === 'http' ? httpBroker(config.hitl.brokerUrl!) : simulatedBroker)
  const understander = overrides.understander ?? (config.hitl.llm ? llmUnderstander({ ...config.hitl.llm, logger }) : ruleBasedUnderstander)
  const rates = overrides.rates ?? configuredRates(config.hitl.usdKrwRate)
  const feed = eventFeed((threadId) => repo.lastEventSeq(db, threadId), config.hitl.eventsPollMs, logger)

  let checkpointer: Checkpointer
  let graph: ChatGraph
  const ready = openCheckpointer(config.databaseUrl, (work) => exclusively(db, LOCK_KEYS.migrate, work)).then((cp) => {
    checkpointer = cp
    graph = buildChatGraph(graphEffects(deps, { broker, understander, rates, feed }), cp.saver)
    logger.info('hitl checkpoints', {
      location: cp.location,
      broker: broker.name,
      understanding: config.hitl.llm ? 'llm+rules' : 'rules',
      usdKrwRate: config.hitl.usdKrwRate,
    })
  })
  const core = hitlCore(deps, () => graph, ready)
  const { now, view, locked, drive } = core
  const decide = createDecide(core)

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

  async function read(threadId: string) {
    await ready
    const state = await threadState(threadId)
    return state ? { status: 200 as const, body: state } : err(404, 'thread_not_found', '대화를 찾을 수 없습니다', { thread_id: threadId })
  }

  /** The live event stream (replay, then follow); 204 when the graph ended and nothing is left after the cursor. */
  async function events(threadId: string, lastEventId: number): Promise<StreamThreadEventsResult> {
    await ready
    if (!(await repo.getThread(db, threadId))) return err(404, 'thread_not_found', '대화를 찾을 수 없습니다', { thread_id: threadId })
    const ended = (await view(threadId)).status === 'completed'
    if (ended && (await repo.lastEventSeq(db, threadId)) <= lastEventId)
      return { status: 204 as const, body: undefined, headers: { 'Cache-Control': 'no-cache' } }
    const body = eventStream({
      threadId,
      after: lastEventId,
      endedAtOpen: ended,
      readAfter: (seq) => repo.eventsAfter(db, threadId, seq),
      feed,
      heartbeatMs: config.hitl.sseHeartbeatSec * 1000,
    })
    // X-Accel-Buffering: nginx (and proxies that honour it) pass each event on at once.
    return { status: 200 as const, body, headers: { 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' } }
  }

  return {
    ready,
    broker,
    start,
    decide,
    read,
    events,
    /** Threads with open event streams in this process (tests check closed streams let go). */
    watchedThreads: () => feed.watched(),
    /** The graph's state as LangGraph keeps it (tests and the seed). */
    view: async (threadId: string) => {
      await ready
      return view(threadId)
    },
    async close() {
      feed.close()
      await ready.catch(() => undefined)
      await Promise.all(core.running())
      await checkpointer?.close()
    },
  }
}
