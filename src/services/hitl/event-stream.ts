/**
 * One open `GET …/events`: a text/event-stream that replays the thread's stored events after the
 * client's cursor (`Last-Event-ID`, 0 for the start), then follows live. It waits on the event
 * feed (this process's writes, or the poller for other processes'), sends a `: keep-alive`
 * comment after `heartbeatMs` without events so proxies keep the connection, and closes after
 * the graph's final outcome (or at once after the replay when the graph had already ended).
 * A ReadableStream, so the client going away cancels it at once, even while it waits: its timer
 * and feed subscription are released there.
 */
import type { EventFeed, FeedSignal } from './event-feed.js'
import type { HitlEventsTable } from './tables.js'

/** Reconnection delay suggested to EventSource (ms). */
export const RETRY_MS = 3000

export interface EventStreamOptions {
  threadId: string
  /** The last event id the client has (0: from the start). */
  after: number
  /** The thread's graph had already ended when the stream opened: close after the replay. */
  endedAtOpen: boolean
  readAfter(seq: number): Promise<HitlEventsTable[]>
  feed: EventFeed
  heartbeatMs: number
}

/** The graph's last word: an execution or a rejection (a failed execution may be retried). */
export const isFinal = (e: HitlEventsTable) => e.type === 'outcome' && /"status":"(executed|rejected)"/.test(e.data_json)

export const formatEvent = (e: HitlEventsTable) => `id: ${e.seq}\nevent: ${e.type}\ndata: ${e.data_json}\n\n`

export function eventStream(o: EventStreamOptions): ReadableStream<string> {
  let cursor = o.after
  let first = true
  let done = false
  let dirty = false
  let closedFeed = false
  let wake: ((why: 'change' | 'heartbeat') => void) | null = null
  let timer: ReturnType<typeof setTimeout> | undefined

  const unsubscribe = o.feed.subscribe(o.threadId, (signal: FeedSignal) => {
    if (signal === 'closed') closedFeed = true
    dirty = true
    wake?.('change')
  })
  const release = () => {
    done = true
    clearTimeout(timer)
    unsubscribe()
    wake?.('change')
  }
  const waitForChange = () =>
    new Promise<'change' | 'heartbeat'>((resolve) => {
      if (dirty || done) return resolve('change')
      timer = setTimeout(() => wake?.('heartbeat'), o.heartbeatMs)
      wake = (why) => {
        clearTimeout(timer)
        wake = null
        resolve(why)
      }
    })

  return new ReadableStream<string>(
    {
      async pull(controller) {
        try {
          await next(controller)
        } catch (e) {
          release() // the database failed: the kit cuts the answer, EventSource reconnects
          throw e
        }
      },
      cancel: release,
    },
    { highWaterMark: 0 },
  )

  async function next(controller: ReadableStreamDefaultController<string>) {
    for (;;) {
      if (done) return
      dirty = false
      const rows = await o.readAfter(cursor)
      if (done) return // the client went away while the read waited
      let text = first ? `retry: ${RETRY_MS}\n\n` : ''
      first = false
      let final = o.endedAtOpen
      for (const e of rows) {
        text += formatEvent(e)
        cursor = e.seq
        if (isFinal(e)) final = true
      }
      if (text) controller.enqueue(text)
      if (final || closedFeed) {
        release()
        return controller.close()
      }
      if (text) return
      const why = await waitForChange()
      if (done) return
      if (why === 'heartbeat') return controller.enqueue(': keep-alive\n\n')
    }
  }
}
