/**
 * Streamed response bodies (a handler returns a ReadableStream or an async iterable for a
 * documented non-JSON response, e.g. text/event-stream), on both transports: the head arrives
 * before the first chunk, each chunk as the source yields it, the client going away cancels the
 * source, the access log records the whole answer when it ends, and the usual contract checks
 * (status, headers, a JSON body cannot be streamed) still stand.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildContractsApp } from '../../src/kit/app.js'
import { boundHandlers } from '../../src/kit/contract.js'
import { createLogger } from '../../src/kit/logger.js'
import { FixedWindowLimiter } from '../../src/kit/rate-limit.js'
import { hitl } from '../../src/services/hitl/index.js'

/** A source the test drives: push a chunk, end it, and learn when the kit cancelled it. */
function controlledSource() {
  let controller!: ReadableStreamDefaultController<string>
  let cancelled!: () => void
  const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve))
  const stream = new ReadableStream<string>({
    start: (c) => void (controller = c),
    cancel: () => cancelled(),
  })
  return { stream, push: (s: string) => controller.enqueue(s), end: () => controller.close(), wasCancelled }
}

let answer: () => unknown = () => ({ status: 204, body: undefined })
const lines: any[] = []
const logger = createLogger('info', {}, (l) => lines.push(JSON.parse(l)))
const handlers = new Proxy({}, { get: () => () => answer() })
const verifiers = { hitlBearer: (token: string) => (token === 'ok-token' ? { scheme: 'hitlBearer', id: 'test' } : null) }
const { app, listener } = buildContractsApp([{ def: hitl, binding: { verifiers, handlers: boundHandlers(handlers, {}) } }], {
  bodyLimitBytes: 1 << 20,
  responseValidation: 'enforce',
  logger,
  limiter: new FixedWindowLimiter(),
  now: () => new Date(),
  mockMarker: false,
  accessLog: true,
})

let server: Server
let base = ''
beforeAll(async () => {
  server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const EVENTS = '/api/v1/chat/threads/t-1/events'
const auth = { Authorization: 'Bearer ok-token' }
const sse = (body: unknown, headers: Record<string, string> = { 'Cache-Control': 'no-cache' }) => ({
  status: 200,
  body,
  headers,
  contentType: 'text/event-stream',
})
const text = new TextDecoder()
const logOf = (requestId: string | null) => lines.find((l) => l.msg === 'request' && l.requestId === requestId)

for (const transport of ['in process (Hono)', 'over HTTP (node lane)'] as const)
  describe(transport, () => {
    const get = (path: string, init: RequestInit = {}) =>
      transport === 'over HTTP (node lane)'
        ? fetch(`${base}${path}`, { ...init, headers: { ...auth, ...init.headers } })
        : app.request(path, { ...init, headers: { ...auth, ...init.headers } })

    it('sends the head first, then each chunk as the source yields it, and ends with the source', async () => {
      const src = controlledSource()
      answer = () => sse(src.stream)
      const res = await get(EVENTS)
      // The status and headers are here although the source has yielded nothing yet.
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/event-stream')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-length')).toBeNull()
      const reader = res.body!.getReader()
      src.push('event: one\ndata: 1\n\n')
      expect(text.decode((await reader.read()).value)).toBe('event: one\ndata: 1\n\n')
      src.push('event: two\ndata: 2\n\n')
      expect(text.decode((await reader.read()).value)).toBe('event: two\ndata: 2\n\n')
      src.end()
      expect((await reader.read()).done).toBe(true)
      expect(logOf(res.headers.get('x-request-id'))).toMatchObject({ status: 200, operationId: 'streamThreadEvents', streamed: 'complete', bytes: 40 })
    })

    it('cancels the source when the client goes away, and logs the answer as cancelled', async () => {
      const src = controlledSource()
      answer = () => sse(src.stream)
      const aborter = new AbortController()
      const res = await get(EVENTS, { signal: aborter.signal })
      const reader = res.body!.getReader()
      src.push(': hello\n\n')
      await reader.read()
      aborter.abort()
      await reader.cancel().catch(() => undefined)
      await src.wasCancelled
      await expect.poll(() => logOf(res.headers.get('x-request-id'))).toMatchObject({ streamed: 'cancelled', bytes: 9 })
    })

    it('takes an async iterable of text and bytes too', async () => {
      answer = () =>
        sse(
          (async function* () {
            yield 'data: a\n\n'
            yield new TextEncoder().encode('data: b\n\n')
          })(),
        )
      const res = await get(EVENTS)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('data: a\n\ndata: b\n\n')
    })

    it('still checks the documented headers: a stream without them is a 500, and its source is let go', async () => {
      const src = controlledSource()
      answer = () => sse(src.stream, {})
      const res = await get(EVENTS)
      expect(res.status).toBe(500)
      expect(await res.json()).toMatchObject({ success: false, error: 'internal_error' })
      await src.wasCancelled
    })

    it('refuses to stream a body the contract documents as JSON', async () => {
      const src = controlledSource()
      answer = () => ({ status: 200, body: src.stream })
      const res = await get(`/api/v1/chat/threads/t-1`)
      expect(res.status).toBe(500)
      await src.wasCancelled
      expect(lines.some((l) => l.msg === 'response breaks contract' && l.problem === 'a streamed body where the documented body is JSON')).toBe(true)
    })

    it('HEAD sends the head without the body and lets the source go', async () => {
      const src = controlledSource()
      answer = () => sse(src.stream)
      const res = await get(EVENTS, { method: 'HEAD' })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/event-stream')
      await src.wasCancelled
    })
  })
