/**
 * Builds the Hono app serving several contracts on one port: their routes, their specs and
 * reference pages, an index page, and 404/405 answers in the shape of the contract that owns
 * the path (the one whose routes share the longest path prefix with it).
 */
import { readFileSync } from 'node:fs'
import type { RequestListener } from 'node:http'
import { Hono, type Context } from 'hono'
import { getRequestListener } from '@hono/node-server'
import { corsPolicy } from './cors.js'
import { KitError } from './errors.js'
import { mountContract, type MountOptions } from './mount.js'
import { requestIdFrom } from './request-id.js'
import { nodeLaneListener, type Lane } from './node-lane.js'
import { RouteMatcher } from './router.js'
import { serveDocsAsset } from './static-assets.js'
import type { ContractDefinition, ServiceBinding } from './contract.js'

export interface MountedContract {
  def: ContractDefinition
  binding: ServiceBinding
  /** Reference page HTML (pre-rendered by `make gen`), read on first request; null if none. */
  docsHtml?: () => string | null
  /** Extra documents served beside the OpenAPI one (e.g. the AsyncAPI spec). */
  extraSpecs?: Record<string, string>
}

interface RouteShape {
  slug: string
  method: string
  regex: RegExp
  segments: string[]
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function shapeOf(slug: string, method: string, path: string): RouteShape {
  const segments = path.split('/').filter(Boolean)
  const pattern = segments.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')
  return { slug, method: method.toUpperCase(), regex: new RegExp(`^/${pattern}/?$`), segments }
}

function commonPrefix(a: string[], b: string[]): number {
  let n = 0
  while (n < a.length && n < b.length && (a[n] === b[n] || a[n].startsWith('{'))) n++
  return n
}

export interface AppOptions extends Omit<MountOptions, 'cors'> {
  /** Origins allowed by CORS; `*` reflects any origin (development); empty turns CORS off. */
  corsOrigins?: string[]
}

export interface ContractsApp {
  /** Every route, through fetch `Request`/`Response` (tests' `app.request()`, other runtimes). */
  app: Hono
  /** What the node server serves: operations on the fast lane, everything else through `app`. */
  listener: RequestListener
}

export function buildContractsApp(contracts: MountedContract[], options: AppOptions): ContractsApp {
  const app = new Hono()
  const lanes = new RouteMatcher<Lane>()
  const cors = corsPolicy(options.corsOrigins ?? [])
  const opts: MountOptions = { ...options, cors: cors ?? undefined }
  const shapes: RouteShape[] = []
  const bySlug = new Map(contracts.map((c) => [c.def.table.slug, c]))

  for (const c of contracts) {
    mountContract(app, lanes, c.def, c.binding, opts)
    for (const r of c.def.table.routes) shapes.push(shapeOf(c.def.table.slug, r.method, r.path))
  }

  app.get('/', (c) => {
    const items = contracts
      .map((m) => {
        const { slug, title, version } = m.def.table
        const mode = m.binding.handlers ? 'real' : 'mock'
        return `<li><b>${escapeHtml(title)}</b> <code>${slug}</code> v${escapeHtml(version)} — ${mode} — <a href="/docs/${slug}">reference</a> · <a href="/openapi/${slug}.yaml">openapi</a>${Object.keys(m.extraSpecs ?? {})
          .map((f) => ` · <a href="/openapi/${f}">${f}</a>`)
          .join('')}</li>`
      })
      .join('\n')
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>APIs</title><h1>APIs served here</h1><ul>${items}</ul></html>`)
  })

  app.get('/openapi/:file', (c) => {
    const file = c.req.param('file')
    for (const m of contracts) {
      if (file === `${m.def.table.slug}.yaml` || file === `${m.def.table.slug}.openapi.yaml`) {
        return c.body(readFileSync(m.def.specFile, 'utf8'), 200, { 'Content-Type': 'application/yaml; charset=utf-8' })
      }
      const extra = m.extraSpecs?.[file]
      if (extra) return c.body(readFileSync(extra, 'utf8'), 200, { 'Content-Type': 'application/yaml; charset=utf-8' })
    }
    return c.json({ error: 'not_found', message: `no spec named ${file}` }, 404)
  })

  app.get('/docs/assets/:name', serveDocsAsset)
  app.get('/docs/:slug', (c) => {
    const m = bySlug.get(c.req.param('slug'))
    const html = m?.docsHtml?.()
    if (!html) return c.json({ error: 'not_found', message: `no reference page for ${c.req.param('slug')}` }, 404)
    return c.html(html)
  })

  const fallback = (c: Context) => {
    const path = new URL(c.req.url).pathname
    const segments = path.split('/').filter(Boolean)
    const matching = shapes.filter((s) => s.regex.test(path))
    let owner: string | undefined
    let error: KitError
    if (matching.length && !matching.some((s) => s.method === c.req.method)) {
      owner = matching[0].slug
      const allow = [...new Set(matching.map((s) => s.method))].sort()
      error = new KitError('method_not_allowed', { allow, message: `${c.req.method} is not allowed on ${path}; allowed: ${allow.join(', ')}` })
    } else {
      // No route at all, or only one spelled differently (a trailing slash): not found.
      let best = 0
      for (const s of shapes) {
        const n = commonPrefix(s.segments, segments)
        if (n > best) [best, owner] = [n, s.slug]
      }
      error = new KitError('not_found', { message: `no route for ${c.req.method} ${path}` })
    }
    const requestId = requestIdFrom(c.req.header('x-request-id'))
    const contract = owner ? bySlug.get(owner) : undefined
    if (!contract) {
      return c.json({ error: 'not_found', message: error.message }, 404, { 'X-Request-Id': requestId })
    }
    const mapped = contract.def.errors(error, { requestId, operationId: null, now: opts.now() })
    const headers: Record<string, string> = { 'X-Request-Id': requestId }
    for (const [k, v] of Object.entries(mapped.headers ?? {})) headers[k] = String(v)
    if (error.kind === 'method_not_allowed') headers.Allow = error.detail.allow!.join(', ')
    let body = mapped.body
    if (contract.binding.decorate) {
      body = contract.binding.decorate({ status: mapped.status, body, headers }, {
        requestId,
        operationId: '',
        principal: null,
        clientAddress: '',
        method: c.req.method,
        path,
        startedAt: 0,
      }).body
    }
    Object.assign(headers, cors?.headersFor(c.req.header('origin')))
    return c.json(body as object, mapped.status as any, headers)
  }
  app.notFound(fallback)
  // Preflights are answered for every path; any other OPTIONS request gets the usual 404/405.
  if (cors) app.options('*', (c) => cors.preflight(c) ?? fallback(c))

  app.onError((err, c) => {
    opts.logger.error('unhandled error outside a route', { error: err.message, stack: err.stack })
    return c.json({ error: 'internal_error', message: 'internal error' }, 500)
  })

  const listener = nodeLaneListener(lanes, getRequestListener(app.fetch), (e) =>
    opts.logger.error('unhandled error outside the pipeline', { error: (e as Error)?.message, stack: (e as Error)?.stack }),
  )
  return { app, listener }
}
