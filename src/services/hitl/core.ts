/**
 * What the service's parts share: the graph on its checkpointer (once ready), the graph state as
 * the API reads it, the per-thread lock, and running the graph with broker failures turned into
 * the 500 a user can act on. Work on one thread is serialised by the lock in this process; the
 * unique keys (one decision per request, event numbers) hold across processes.
 */
import type * as T from '../../../generated/hitl/sdk/types.gen.js'
import type { AppDeps } from '../../deps.js'
import { BrokerError } from './broker.js'
import type { ChatGraph, ChatStateValue } from './graph.js'
import type { GraphView } from './shapes.js'
import type { GraphNodeName } from './types.js'
import * as repo from './repo.js'

export const err = <S extends number>(status: S, error: T.HitlError['error'], message: string, detail?: Record<string, unknown>) => ({
  status,
  body: { success: false as const, error, message, ...(detail ? { detail } : {}) },
})

export interface HitlCore {
  deps: AppDeps
  ready: Promise<void>
  now(): string
  view(threadId: string): Promise<GraphView>
  locked<R>(threadId: string, fn: () => Promise<R>): Promise<R>
  /** Runs the graph; null when it stopped normally, else the 500 broker_error to answer. */
  drive(threadId: string, input: Parameters<ChatGraph['invoke']>[0]): Promise<ReturnType<typeof err<500>> | null>
  /** Chains still running (close waits for them). */
  running(): Promise<unknown>[]
}

export function hitlCore(deps: AppDeps, graph: () => ChatGraph, ready: Promise<void>): HitlCore {
  const { db, clock } = deps
  const now = () => clock.now().toISOString()
  const cfg = (threadId: string) => ({ configurable: { thread_id: threadId } })

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

  async function view(threadId: string): Promise<GraphView> {
    const snap = await graph().getState(cfg(threadId))
    const waiting = snap.tasks.find((t) => (t.interrupts?.length ?? 0) > 0)
    const next = snap.next as string[]
    const status = next.length === 0 ? 'completed' : waiting ? 'awaiting_approval' : 'failed'
    const currentNode = (status === 'completed' ? '__end__' : (waiting?.name ?? next[0])) as GraphNodeName
    return { values: snap.values as Partial<ChatStateValue>, status, currentNode }
  }

  async function drive(threadId: string, input: Parameters<ChatGraph['invoke']>[0]) {
    try {
      await graph().invoke(input, cfg(threadId))
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

  return { deps, ready, now, view, locked, drive, running: () => [...chains.values()] }
}
