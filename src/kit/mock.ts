/**
 * Mock handlers: answer any operation from its spec's named examples, or from its schema with
 * `Prefer: dynamic=true` (seeded, so the same seed gives the same body). They sit behind the
 * same routing, security and validators as real handlers, so the mock refuses what the real
 * server refuses. In a mock session (`X-Mock-Session`, or `Prefer: stateful=true`) creates are
 * remembered (mock/stateful.ts) and `Prefer: scenario=<name>` scripts answers (mock/scenarios.ts).
 */
import { KitError } from './errors.js'
import { parsePrefer, PreferenceProblem, type MockPreferences } from './prefer.js'
import { placeholderPdf, solidPng } from './placeholder-media.js'
import { resourceRoles, successStatus, type Resource, type Role } from './mock/resources.js'
import { SESSION_NAME, type MockRuntime } from './mock/runtime.js'
import { scriptedAnswer } from './mock/scenarios.js'
import { statefulAnswer } from './mock/stateful.js'
import type { Progress } from './operation/mounted.js'
import type { ContractExamples, HandlerResult, MaybePromise, RouteDef } from './types.js'

export interface MockSchemas {
  /** Per operation and status, the response schema with its references inlined. */
  responses: Record<string, Record<string, unknown>>
}

/** What the mock reads of a request: path parameters and body (for sessions). */
export interface MockRequest {
  path: Record<string, unknown>
  body: unknown
}

export type MockHandler = (st: Progress, req: MockRequest) => MaybePromise<HandlerResult>

export interface MockOptions {
  slug: string
  route: RouteDef
  routes: RouteDef[]
  examples: ContractExamples
  loadSchemas: () => Promise<MockSchemas>
  validate: (status: string, body: unknown) => boolean
  /** State and scenarios for mock sessions; without it every answer is stateless. */
  runtime?: MockRuntime
}

const seedOf = (s: string) => [...s].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, 7) >>> 0

/** A preference the mock cannot honour: 400 in the contract's own shape, naming the header. */
export function preferenceError(message: string): KitError {
  return new KitError('validation', { status: 400, message, issues: [{ location: 'header', pointer: '/Prefer', message, keyword: 'prefer' }] })
}

function placeholderBody(contentType: string, route: RouteDef): string | Uint8Array {
  if (contentType.startsWith('image/png')) return solidPng(1200, 630)
  if (contentType.startsWith('application/pdf')) return placeholderPdf(`Mock ${route.operationId}`)
  if (contentType.startsWith('text/html')) return `<!doctype html><title>${route.operationId}</title><p>mock</p>`
  return ''
}

/** Attempts at a schema-valid dynamic body before falling back to the documented example. */
const DYNAMIC_ATTEMPTS = 20

const ROLES = new WeakMap<ContractExamples, Map<string, { role: Role; resource: Resource }>>()

export function createMockHandler(o: MockOptions): MockHandler {
  const { route, examples, runtime } = o
  const ex = examples[route.operationId]
  const statuses = Object.keys(route.responses)
  const success = successStatus(route) ?? statuses[0]
  // Where a named example lives: the success status first, then the others in order.
  const searchOrder = [success, ...statuses.filter((s) => s !== success).sort()]
  const validFor = (status: string) => (body: unknown) => o.validate(status, body)

  const documentedFor = (status: string) => (ex && Object.hasOwn(ex.responses, status) ? ex.responses[status] : { examples: {}, headers: {} })
  const headersFor = (status: string) => {
    const headers: Record<string, string | number> = {}
    for (const [name, value] of Object.entries(documentedFor(status).headers)) if (value !== null && value !== undefined) headers[name] = value as any
    return headers
  }

  let plain: HandlerResult | null = null
  return (st, req) => {
    // Without preferences or a session the answer never changes: build it once, then hand it out as is.
    if (st.prefer || st.session) return answer(st, req)
    if (plain) return plain
    return answer(st, req).then((r) => (plain = r))
  }

  async function answer(st: Progress, req: MockRequest): Promise<HandlerResult> {
    let prefer: MockPreferences
    try {
      prefer = parsePrefer(st.prefer)
    } catch (e) {
      if (e instanceof PreferenceProblem) throw preferenceError(e.message)
      throw e
    }
    try {
      return (await sessionAnswer(st, req, prefer)) ?? (await exampleAnswer(prefer))
    } catch (e) {
      if (e instanceof PreferenceProblem) throw preferenceError(e.message)
      throw e
    }
  }

  /** The scripted or stateful answer of a mock session, or null to answer from the examples. */
  async function sessionAnswer(st: Progress, req: MockRequest, prefer: MockPreferences): Promise<HandlerResult | null> {
    if (!runtime || !(st.session || prefer.stateful || prefer.scenario)) return null
    if (st.session !== undefined && !SESSION_NAME.test(st.session)) {
      const message = `X-Mock-Session must be 1-128 letters, digits, '.', '_', ':' or '-'`
      throw new KitError('validation', { status: 400, message, issues: [{ location: 'header', pointer: '/X-Mock-Session', message, keyword: 'pattern' }] })
    }
    if (prefer.stateful === false && !prefer.scenario) return null
    // Without a session header, the caller's credentials (or address) name the session.
    const session = st.session ?? (st.meta.principal ? `principal:${st.meta.principal.scheme}:${st.meta.principal.id}` : `address:${st.meta.clientAddress}`)
    if (prefer.scenario) {
      const scripted = await scriptedAnswer({
        slug: o.slug,
        scenarios: runtime.scenarios[o.slug],
        name: prefer.scenario,
        session,
        store: runtime.store,
        route,
        path: req.path,
        headersOf: headersFor,
        valid: validFor,
      })
      if (scripted) return scripted
    }
    // An explicit choice of answer wins over the session's state.
    if (prefer.code || prefer.example || prefer.dynamic) return null
    let roles = ROLES.get(examples)
    if (!roles) ROLES.set(examples, (roles = resourceRoles(o.routes, examples, runtime.scenarios[o.slug]?.resources ?? [])))
    const mine = roles.get(route.operationId)
    if (!mine) return null
    return statefulAnswer({
      route,
      role: mine.role,
      resource: mine.resource,
      session,
      store: runtime.store,
      path: req.path,
      body: req.body,
      plain: (status) => (Object.hasOwn(route.responses, status) ? documentedAnswer(status, undefined) : null),
      valid: validFor,
      success,
    })
  }

  function statusOf(prefer: MockPreferences): string {
    if (prefer.code) return prefer.code
    if (!prefer.example) return success
    // The example's own response decides the status (`example=threadNotFound` is a 404).
    const found = searchOrder.find((s) => Object.hasOwn(documentedFor(s).examples, prefer.example!))
    if (found) return found
    const all = searchOrder.flatMap((s) => Object.keys(documentedFor(s).examples).map((n) => `${n} (${s})`))
    throw new PreferenceProblem(`example=${prefer.example} is not documented for ${route.operationId}; documented: ${all.join(', ') || 'none'}`)
  }

  function documentedAnswer(status: string, exampleName: string | undefined): HandlerResult {
    const documented = documentedFor(status)
    const headers = headersFor(status)
    const numeric = status === 'default' ? 500 : Number(status)
    const response = route.responses[status]
    if (!response.contentType) return { status: numeric, body: undefined, headers }
    if (!response.json) {
      const named = Object.values(documented.examples)
      const body = typeof named[0] === 'string' ? (named[0] as string) : placeholderBody(response.contentType, route)
      return { status: numeric, body, headers, contentType: response.contentType }
    }
    const names = Object.keys(documented.examples)
    if (exampleName && !names.includes(exampleName)) {
      throw new PreferenceProblem(`example=${exampleName} is not documented for ${route.operationId} ${status}; documented: ${names.join(', ') || 'none'}`)
    }
    const name = exampleName ?? names[0]
    if (name === undefined) throw new KitError('internal', { message: `no example documented for ${route.operationId} ${status}` })
    // Shared, not cloned: nothing downstream mutates a response body (decorators copy).
    return { status: numeric, body: documented.examples[name], headers }
  }

  async function exampleAnswer(prefer: MockPreferences): Promise<HandlerResult> {
    const status = statusOf(prefer)
    // Own keys only: `code=__proto__` or `code=toString` must not reach Object.prototype.
    if (!Object.hasOwn(route.responses, status)) {
      throw new PreferenceProblem(`code=${status} is not documented for ${route.operationId}; documented: ${statuses.join(', ')}`)
    }
    const response = route.responses[status]
    if (prefer.dynamic && response.json) {
      const schemas = await o.loadSchemas()
      const schema = schemas.responses[route.operationId]?.[status]
      const { generateSync } = await import('json-schema-faker')
      // The faker is good, not perfect (formats inside patterns, cross-field rules): a body that
      // fails the contract is regenerated with the next seed, deterministically.
      const seed = prefer.seed ?? seedOf(route.operationId + status)
      for (let i = 0; schema && i < DYNAMIC_ATTEMPTS; i++) {
        const body = generateSync(schema as any, { seed: seed + i, alwaysFakeOptionals: true, maxDepth: 30, maxItems: 3 } as any)
        if (o.validate(status, body)) return { status: status === 'default' ? 500 : Number(status), body, headers: headersFor(status) }
      }
    }
    return documentedAnswer(status, prefer.example)
  }
}
