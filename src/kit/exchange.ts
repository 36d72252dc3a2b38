/**
 * The pipeline in mount.ts sees one request/response vocabulary, whatever carried the request:
 * Hono's Context (app.fetch: tests, other runtimes, every non-operation route) or Node's own
 * IncomingMessage/ServerResponse (node-lane.ts: the served hot path). Both adapters live here so
 * the two stay alike; the contract suite runs over both.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Context } from 'hono'
import { parse as parseCookies } from 'hono/utils/cookie'
import { getConnInfo } from '@hono/node-server/conninfo'
import { KitError } from './errors.js'

/** One request as the pipeline reads it. Header names are asked for in lower case. */
export interface Exchange {
  method: string
  /** The request path, without the query. */
  path: string
  /** The raw query string without `?` ('' when none). */
  search: string
  /** Decoded path parameters of the matched route. */
  params: Record<string, string>
  /** The socket peer (a proxy's, behind one: client-address.ts decides who the client is). */
  peerAddress: string
  header(name: string): string | undefined
  /** The whole body; refuses (413) once it grows past `limit` bytes. */
  body(limit: number): Promise<Uint8Array>
}

/** One answer, ready to write: lower-case header names, a serialized payload (or a stream of bytes, see streaming.ts). */
export interface Reply {
  status: number
  headers: Record<string, string>
  payload: string | Uint8Array | ReadableStream<Uint8Array> | null
}

export const tooLarge = (limit: number) => new KitError('payload_too_large', { message: `body exceeds ${limit} bytes` })
const incomplete = () =>
  new KitError('validation', {
    issues: [{ location: 'body', pointer: '', message: 'request body incomplete: the client closed the connection', keyword: 'incomplete' }],
  })

export function cookieOf(ex: Exchange, name: string): string | undefined {
  const header = ex.header('cookie')
  return header ? parseCookies(header, name)[name] : undefined
}

// ---- Hono (app.fetch) ------------------------------------------------------------------------

/**
 * The raw path of a request URL (percent escapes kept, no query): what the router matches on, on
 * either transport. A fetch `Request` has already resolved dot segments (the URL parser does).
 */
export function rawPathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  if (start < 0) return '/'
  const q = url.indexOf('?', start)
  const h = url.indexOf('#', start)
  const end = q < 0 ? (h < 0 ? url.length : h) : h < 0 ? q : Math.min(q, h)
  return url.slice(start, end)
}

export function honoExchange(c: Context, path: string, params: Record<string, string>): Exchange {
  const url = c.req.url
  const q = url.indexOf('?')
  return {
    method: c.req.method,
    path,
    search: q < 0 ? '' : url.slice(q + 1),
    params,
    get peerAddress() {
      try {
        return getConnInfo(c).remote.address ?? 'unknown'
      } catch {
        return 'unknown' // app.request() in tests has no socket
      }
    },
    header: (name) => c.req.header(name),
    body: (limit) => readLimited(c.req.raw.body, limit),
  }
}

/** Reads a fetch body stream, refusing (413) as soon as it grows past `limit`: never buffers more. */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0)
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>
    try {
      step = await reader.read()
    } catch {
      throw incomplete()
    }
    if (step.done) break
    size += step.value.byteLength
    if (size > limit) {
      reader.cancel().catch(() => undefined)
      throw tooLarge(limit)
    }
    chunks.push(step.value)
  }
  if (chunks.length === 1) return chunks[0]
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

export function toResponse(reply: Reply, head = false): Response {
  // HEAD sends no body: a stream the handler opened is cancelled, so its source lets go at once.
  if (head && reply.payload instanceof ReadableStream) reply.payload.cancel().catch(() => undefined)
  return new Response(head ? null : (reply.payload as BodyInit | null), { status: reply.status, headers: reply.headers })
}

// ---- node:http (the served hot path) ---------------------------------------------------------

export class NodeExchange implements Exchange {
  /** Set when the body was refused unread: the connection is closed after the answer. */
  closeAfter = false

  constructor(
    private readonly req: IncomingMessage,
    readonly method: string,
    readonly path: string,
    readonly search: string,
    readonly params: Record<string, string>,
  ) {}

  get peerAddress(): string {
    return this.req.socket.remoteAddress ?? 'unknown'
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name]
    return typeof v === 'string' || v === undefined ? v : v.join(', ')
  }

  body(limit: number): Promise<Uint8Array> {
    const req = this.req
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      const onData = (chunk: Buffer) => {
        size += chunk.length
        if (size <= limit) return void chunks.push(chunk)
        req.off('data', onData)
        req.off('end', onEnd)
        req.resume() // what is still coming is discarded; the connection closes after the 413
        this.closeAfter = true
        reject(tooLarge(limit))
      }
      const onEnd = () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size))
      req.on('data', onData)
      req.on('end', onEnd)
      // A client that goes away mid-body ('error' ECONNRESET, or just 'close'): a client error,
      // settled at once (the answer goes nowhere) rather than waited on forever or logged as a 500.
      const gone = () => reject(incomplete())
      req.once('error', gone)
      req.once('close', () => {
        if (!req.complete) gone()
      })
    })
  }
}

export function writeReply(res: ServerResponse, reply: Reply, closeAfter: boolean): void {
  const { headers, payload } = reply
  if (closeAfter) headers.connection = 'close'
  if (payload instanceof ReadableStream) return void writeStream(res, reply.status, headers, payload)
  if (payload === null) {
    res.writeHead(reply.status, headers)
    res.end()
    return
  }
  headers['content-length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength)
  res.writeHead(reply.status, headers)
  res.end(payload)
}

/**
 * A streamed answer: the head at once (the client sees the status before the first chunk), then
 * each chunk as the source yields it, waiting for 'drain' when the socket is full. The client
 * going away ('close' before the end) cancels the source, which frees what it holds.
 */
async function writeStream(res: ServerResponse, status: number, headers: Record<string, string>, stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader()
  const gone = () => void reader.cancel().catch(() => undefined)
  res.once('close', gone)
  res.writeHead(status, headers)
  res.flushHeaders()
  let complete = false
  try {
    for (;;) {
      const step = await reader.read()
      if (step.done) complete = true
      if (step.done || res.destroyed) break
      if (!res.write(step.value)) await drained(res)
    }
    if (!res.destroyed) res.end()
  } catch {
    res.destroy() // the source failed mid-answer: the status is sent, so the client sees a cut stream
  } finally {
    res.off('close', gone)
    if (!complete) gone()
  }
}

const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
