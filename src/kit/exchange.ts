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
  clientAddress: string
  header(name: string): string | undefined
  /** The whole body; refuses (413) once it grows past `limit` bytes. */
  body(limit: number): Promise<Uint8Array>
}

/** One answer, ready to write: lower-case header names, a serialized payload. */
export interface Reply {
  status: number
  headers: Record<string, string>
  payload: string | Uint8Array | null
}

export const tooLarge = (limit: number) => new KitError('payload_too_large', { message: `body exceeds ${limit} bytes` })
const incomplete = () =>
  new KitError('validation', { issues: [{ location: 'body', pointer: '', message: 'request body incomplete: the client closed the connection', keyword: 'incomplete' }] })

export function cookieOf(ex: Exchange, name: string): string | undefined {
  const header = ex.header('cookie')
  return header ? parseCookies(header, name)[name] : undefined
}

// ---- Hono (app.fetch) ------------------------------------------------------------------------

export function honoExchange(c: Context): Exchange {
  const url = c.req.url
  const q = url.indexOf('?')
  return {
    method: c.req.method,
    path: c.req.path,
    search: q < 0 ? '' : url.slice(q + 1),
    params: c.req.param() as Record<string, string>,
    get clientAddress() {
      try {
        return getConnInfo(c).remote.address ?? 'unknown'
      } catch {
        return 'unknown' // app.request() in tests has no socket
      }
    },
    header: (name) => c.req.header(name),
    body: async (limit) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer())
      if (bytes.byteLength > limit) throw tooLarge(limit)
      return bytes
    },
  }
}

export function toResponse(reply: Reply): Response {
  return new Response(reply.payload as BodyInit | null, { status: reply.status, headers: reply.headers })
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

  get clientAddress(): string {
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
  if (payload === null) {
    res.writeHead(reply.status, headers)
    res.end()
    return
  }
  headers['content-length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength)
  res.writeHead(reply.status, headers)
  res.end(payload)
}
