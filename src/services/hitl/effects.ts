/**
 * What the graph's nodes write outside the graph state (GraphEffects): the conversation log, the
 * event log (waking this process's open streams), approval requests, and orders placed once
 * through the broker.
 */
import type { AppDeps } from '../../deps.js'
import type { Broker } from './broker.js'
import type { EventFeed } from './event-feed.js'
import type { ExchangeRates } from './fx.js'
import type { GraphEffects } from './graph.js'
import type { RequestUnderstander } from './understanding.js'
import * as repo from './repo.js'

export function graphEffects(deps: AppDeps, parts: { broker: Broker; understander: RequestUnderstander; rates: ExchangeRates; feed: EventFeed }): GraphEffects {
  const { db, clock } = deps
  const { broker, understander, rates, feed } = parts
  const now = () => clock.now().toISOString()
  const fx: GraphEffects = {
    now,
    clock: () => clock.now(),
    understander,
    usdKrw: () => rates.usdKrw(clock.now()),
    async step(threadId, node) {
      await fx.event(threadId, 'step' as never, { node, at: now() }, `step:${node}`)
    },
    async say(threadId, node, content, dedupeKey) {
      await repo.appendMessage(db, threadId, { role: 'assistant', content, node, created_at: now() }, dedupeKey)
    },
    async event(threadId, type, data, dedupeKey) {
      const seq = await repo.appendEvent(db, threadId, { type: type as 'step', data_json: JSON.stringify(data), created_at: now() }, dedupeKey)
      if (seq !== null) feed.notify(threadId)
    },
    async approvalRequested(r) {
      const { proposal, value, ...rest } = r
      await repo.insertApprovalRequest(db, {
        ...rest,
        status: 'pending',
        proposal_json: JSON.stringify(proposal),
        currency: value?.currency ?? 'KRW',
        amount: value?.amount ?? null,
        amount_krw: value?.amount_krw ?? null,
        fx_json: value?.fx_rate ? JSON.stringify(value.fx_rate) : null,
        created_at: now(),
        decided_at: null,
      })
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
  return fx
}
