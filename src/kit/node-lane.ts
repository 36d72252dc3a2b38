/**
 * The served hot path. Hono's node adapter turns every request into a fetch `Request` and every
 * answer back from a `Response`, and Hono builds a Context around them: measured, that is about
 * as much CPU per request as the whole contract pipeline (make bench, issue 5). So the node
 * listener asks the kit's router itself and hands Node's request straight to the operation's
 * lane, writing its reply with one writeHead/end; a path no operation has but some contract owns
 * gets that contract's 404/405 here too. What is left goes to the Hono app unchanged: the app's
 * own pages (index, specs, reference pages), HEAD (answered as GET without a body) and OPTIONS
 * (CORS preflights), where the same router is asked again.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { Operations } from './dispatch.js'
import { NodeExchange, writeReply, type Reply } from './exchange.js'

export function nodeLaneListener(operations: Operations, fallback: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET'
    if (method === 'HEAD' || method === 'OPTIONS') return fallback(req, res)
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const found = operations.lookup(method, path)
    const header = (name: string) => {
      const v = req.headers[name]
      return typeof v === 'string' || v === undefined ? v : v.join(', ')
    }
    if (found.kind !== 'found') {
      const reply = operations.miss(found, { method, path, header })
      return reply ? writeReply(res, reply, false) : fallback(req, res)
    }
    const crash = (e: unknown) => {
      if (res.headersSent) return void res.end()
      writeReply(res, operations.lastResort(e, { method, path, header }), false)
    }
    try {
      const ex = new NodeExchange(req, method, path, q < 0 ? '' : url.slice(q + 1), found.params)
      const out = found.value.lane(ex)
      if (out instanceof Promise) out.then((reply: Reply) => writeReply(res, reply, ex.closeAfter), crash)
      else writeReply(res, out, ex.closeAfter)
    } catch (e) {
      crash(e)
    }
  }
}
