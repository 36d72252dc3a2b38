/**
 * Response bodies sent as they are produced (an event stream that follows live events). A
 * handler returns a ReadableStream, or an async iterable, of chunks (text or bytes) as the body
 * of a documented non-JSON response; the kit sends the head at once, then writes each chunk as it
 * comes, and cancels the source when the client goes away. Prefer a ReadableStream for a source
 * that waits: its `cancel()` runs at once, while an async iterator's `return()` waits for the
 * iterator's next `yield`.
 */

/** A body written chunk by chunk (e.g. `text/event-stream`); strings are sent as UTF-8. */
export type StreamingBody = ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string>

/** How a stream ended: its source finished, the client (or the server) cancelled it, or it failed. */
export interface StreamEnd {
  how: 'complete' | 'cancelled' | 'error'
  bytes: number
  error?: unknown
}

export const isStreamingBody = (body: unknown): body is StreamingBody =>
  body instanceof ReadableStream ||
  (typeof body === 'object' && body !== null && !ArrayBuffer.isView(body) && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')

interface Source {
  read(): Promise<{ done: boolean; value?: Uint8Array | string }>
  cancel(reason?: unknown): Promise<unknown>
}

function sourceOf(body: StreamingBody): Source {
  if (body instanceof ReadableStream) {
    const reader = body.getReader()
    return { read: () => reader.read(), cancel: (reason) => reader.cancel(reason) }
  }
  const it = body[Symbol.asyncIterator]()
  return {
    read: async () => {
      const step = await it.next()
      return step.done ? { done: true } : { done: false, value: step.value }
    },
    cancel: async () => it.return?.(),
  }
}

/**
 * The body as a byte stream that pulls one chunk per read (no read-ahead: a slow client slows
 * the source) and reports once how it ended (the access log line of a streamed answer).
 */
export function byteStream(body: StreamingBody, onEnd: (end: StreamEnd) => void): ReadableStream<Uint8Array> {
  const source = sourceOf(body)
  const encoder = new TextEncoder()
  let bytes = 0
  let ended = false
  const end = (how: StreamEnd['how'], error?: unknown) => {
    if (ended) return
    ended = true
    onEnd(error === undefined ? { how, bytes } : { how, bytes, error })
  }
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let step: Awaited<ReturnType<Source['read']>>
        try {
          step = await source.read()
        } catch (e) {
          end('error', e)
          return controller.error(e)
        }
        if (ended) return // cancelled while the read waited
        if (step.done) {
          end('complete')
          return controller.close()
        }
        const chunk = typeof step.value === 'string' ? encoder.encode(step.value) : (step.value ?? new Uint8Array(0))
        bytes += chunk.byteLength
        controller.enqueue(chunk)
      },
      async cancel(reason) {
        end('cancelled')
        await source.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}

/** Lets go of a streamed body that will not be sent (its answer was replaced by an error). */
export function discardStreamingBody(body: unknown): void {
  if (body instanceof ReadableStream) body.cancel().catch(() => undefined)
  else if (isStreamingBody(body)) Promise.resolve((body as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.()).catch(() => undefined)
}
