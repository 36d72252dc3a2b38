/**
 * Tells open event streams that their thread may have new events. This process's own writes
 * wake them at once; events another process wrote (several servers on one PostgreSQL) are seen
 * by polling: one poller per thread with open streams, reading the thread's last event number
 * every `pollMs` (a cheap indexed max). Polling rather than LISTEN/NOTIFY keeps one code path for
 * SQLite and PostgreSQL and needs no dedicated connection; the cost is up to `pollMs` of delay
 * for events of other processes.
 */
import type { Logger } from '../../kit/logger.js'

export type FeedSignal = 'change' | 'closed'

export interface EventFeed {
  /** Calls `listener` when the thread may have new events, or once with 'closed'. Returns the unsubscribe. */
  subscribe(threadId: string, listener: (signal: FeedSignal) => void): () => void
  /** This process wrote an event of the thread. */
  notify(threadId: string): void
  /** Threads being polled (tests check that closed streams let go). */
  watched(): number
  close(): void
}

interface Watch {
  listeners: Set<(signal: FeedSignal) => void>
  /** The last number seen; from 0, so the first poll wakes streams that subscribed while an event was being written. */
  lastSeq: number
  timer: ReturnType<typeof setInterval>
  polling: boolean
}

export function eventFeed(lastSeq: (threadId: string) => Promise<number>, pollMs: number, logger: Logger): EventFeed {
  const watches = new Map<string, Watch>()
  let closed = false

  const poll = async (threadId: string, w: Watch) => {
    if (w.polling) return
    w.polling = true
    try {
      const seq = await lastSeq(threadId)
      if (seq > w.lastSeq) for (const l of [...w.listeners]) l('change')
      w.lastSeq = Math.max(w.lastSeq, seq)
    } catch (e) {
      logger.warn('hitl event poll failed', { threadId, error: String(e) })
    } finally {
      w.polling = false
    }
  }

  return {
    subscribe(threadId, listener) {
      if (closed) {
        queueMicrotask(() => listener('closed'))
        return () => undefined
      }
      let w = watches.get(threadId)
      if (!w) {
        const watch: Watch = { listeners: new Set(), lastSeq: 0, timer: setInterval(() => void poll(threadId, watch), pollMs), polling: false }
        watches.set(threadId, (w = watch))
        void poll(threadId, watch)
      }
      w.listeners.add(listener)
      return () => {
        const current = watches.get(threadId)
        if (!current?.listeners.delete(listener) || current.listeners.size) return
        clearInterval(current.timer)
        watches.delete(threadId)
      }
    },
    notify(threadId) {
      const w = watches.get(threadId)
      if (w) for (const l of [...w.listeners]) l('change')
    },
    watched: () => watches.size,
    close() {
      closed = true
      for (const w of watches.values()) {
        clearInterval(w.timer)
        for (const l of [...w.listeners]) l('closed')
      }
      watches.clear()
    },
  }
}
