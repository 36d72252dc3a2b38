/**
 * The served hot path. Hono's node adapter turns every request into a fetch `Request` and every
 * answer back from a `Response`, and Hono builds a Context around them: measured, that is about
 * as much CPU per request as the whole contract pipeline (make bench, issue 5). For the
 * contracts' own operations the listener below hands Node's request straight to the same
 * pipeline (mount.ts) and writes its reply with one writeHead/end. Everything else (index, specs,
 * reference pages, CORS preflights, HEAD, 404/405, odd paths) goes to the Hono app unchanged, as
 * does every request made through `app.fetch`/`app.request()`.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { NodeExchange, writeReply, type Exchange, type Reply } from './exchange.js'
import type { RouteMatcher } from './router.js'
import type { MaybePromise } from './types.js'

/** One operation's whole pipeline, transport-free. */
export type Lane = (ex: Exchange) => MaybePromise<Reply>

// Plain segments only; Hono decodes percent-escapes and resolves dot segments first, so such
// paths (and anything unusual) are left to it.
const PLAIN_PATH = /^\/[\w\-.~!$&'()*+,;=:@/]*$/
const plain = (path: string) => PLAIN_PATH.test(path) && !path.includes('/.')

/** Last resort, when the pipeline itself failed (it answers its own errors): as Hono's onError does. */
function crash(res: ServerResponse, error: unknown, onError: (e: unknown) => void) {
  onError(error)
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
  res.end('{"error":"internal_error","message":"internal error"}')
}

export function nodeLaneListener(lanes: RouteMatcher<Lane>, fallback: RequestListener, onError: (e: unknown) => void): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const method = req.method ?? 'GET'
    const found = plain(path) ? lanes.match(method, path) : null
    if (!found) return fallback(req, res)
    try {
      const ex = new NodeExchange(req, method, path, q < 0 ? '' : url.slice(q + 1), found.params)
      const out = found.value(ex)
      if (out instanceof Promise) out.then((reply) => writeReply(res, reply, ex.closeAfter), (e) => crash(res, e, onError))
      else writeReply(res, out, ex.closeAfter)
    } catch (e) {
      crash(res, e, onError)
    }
  }
}
