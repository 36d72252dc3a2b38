/**
 * Builds the app serving several contracts on one port. Two entrances share one pipeline: the
 * Hono app (`app.fetch`/`app.request()`: tests, other runtimes) and the node:http listener that
 * `make run` serves (node-lane.ts). Both find operations with the same router (dispatch.ts) and
 * answer 404/405 in the shape of the contract that owns the path; the Hono app also serves the
 * app's own pages (meta-routes.ts) and CORS preflights.
 */
import type { RequestListener } from 'node:http'
import { Hono } from 'hono'
import { getRequestListener } from '@hono/node-server'
import { corsPolicy } from './cors.js'
import { compileOperations } from './dispatch.js'
import { honoExchange, rawPathOf, toResponse, type Reply } from './exchange.js'
import { addMetaRoutes, type ServedContract } from './meta-routes.js'
import { nodeLaneListener } from './node-lane.js'
import { mountedContract, type PipelineOptions } from './operation/mounted.js'
import type { ServiceBinding } from './contract.js'
import { requestIdFrom } from './request-id.js'

export interface ContractToServe extends Omit<ServedContract, 'mocked'> {
  binding: ServiceBinding
}

export interface AppOptions extends Omit<PipelineOptions, 'cors' | 'bodyDepthLimit'> {
  /** Origins allowed by CORS; `*` reflects any origin (development); empty turns CORS off. */
  corsOrigins?: string[]
  /** How deep a JSON request body may nest; default 64. */
  bodyDepthLimit?: number
}

export interface ContractsApp {
  /** Every route, through fetch `Request`/`Response` (tests' `app.request()`, other runtimes). */
  app: Hono
  /** What the node server serves: operations on the fast lane, everything else through `app`. */
  listener: RequestListener
  /** Loads every contract's validators and compiles every operation (otherwise each contract's first request does). */
  ready(): Promise<void>
}

export function buildContractsApp(contracts: ContractToServe[], options: AppOptions): ContractsApp {
  const cors = corsPolicy(options.corsOrigins ?? [])
  const opts: PipelineOptions = Object.assign({}, options, { cors: cors ?? undefined, bodyDepthLimit: options.bodyDepthLimit ?? 64 })
  const mounted = contracts.map((c) => mountedContract(c.def, c.binding, opts))
  const operations = compileOperations(mounted)
  const app = new Hono()

  // Operations first, through the kit's router (HEAD is answered as GET, without the body).
  app.use(async (c, next) => {
    const path = rawPathOf(c.req.url)
    const head = c.req.method === 'HEAD'
    const found = operations.lookup(head ? 'GET' : c.req.method, path)
    if (found.kind !== 'found') return next()
    let reply: Reply
    try {
      reply = await found.value.lane(honoExchange(c, path, found.params))
    } catch (e) {
      reply = operations.lastResort(e, { method: c.req.method, path, header: (n) => c.req.header(n) })
    }
    return toResponse(reply, head)
  })

  addMetaRoutes(
    app,
    mounted.map((m, i) => ({ def: m.def, mocked: m.mocked, docsHtml: contracts[i].docsHtml, extraSpecs: contracts[i].extraSpecs })),
  )

  const miss = (c: import('hono').Context) => {
    const path = rawPathOf(c.req.url)
    const request = { method: c.req.method, path, header: (n: string) => c.req.header(n) }
    const found = operations.lookup(c.req.method === 'HEAD' ? 'GET' : c.req.method, path)
    const reply = found.kind === 'found' ? null : operations.miss(found, request)
    if (reply) return toResponse(reply, c.req.method === 'HEAD')
    // No contract owns the path: a plain 404, still with a request id (and CORS for browsers).
    const headers: Record<string, string> = { 'X-Request-Id': requestIdFrom(c.req.header('x-request-id')) }
    Object.assign(headers, cors?.headersFor(c.req.header('origin')))
    return c.json({ error: 'not_found', message: `no route for ${c.req.method} ${path}` }, 404, headers)
  }
  app.notFound(miss)
  // Preflights are answered for every path; any other OPTIONS request gets the usual 404/405.
  if (cors) app.options('*', (c) => cors.preflight(c) ?? miss(c))

  app.onError((err, c) => {
    const path = rawPathOf(c.req.url)
    return toResponse(operations.lastResort(err, { method: c.req.method, path, header: (n) => c.req.header(n) }))
  })

  return { app, listener: nodeLaneListener(operations, getRequestListener(app.fetch)), ready: operations.ready }
}
