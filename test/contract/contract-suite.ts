/**
 * The contract suite, shared by every implementation (each real service, and the mock): for
 * every operation of a contract it sends each documented request example through the generated
 * SDK, after the service's seed hook has put back the resources the examples name, and checks
 * the answer is a documented SUCCESS status whose body validates; then it derives negative
 * cases from the request schemas (the validators themselves are the oracle: a mutation they
 * reject must be refused by the server, in the contract's error shape) and checks missing and
 * wrong credentials.
 */
import { describe, expect, it } from 'vitest'
import type { ContractDefinition } from '../../src/kit/contract.js'
import { KitError } from '../../src/kit/errors.js'
import type { ParamLocation, RouteDef, ValidateFn } from '../../src/kit/types.js'
import type { Server } from '../../src/server.js'
import { inProcessFetch, overHttpFetch } from '../support/server.js'
import { credentialFor, wrongCredentialFor } from '../support/credentials.js'

type SdkFn = (options: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>

export interface SuiteOptions {
  name: string
  def: ContractDefinition
  /** The contract's validators (`await def.loadValidators()`): the suite derives its negative cases from them. */
  validators: Record<string, ValidateFn>
  /** The generated SDK module of this contract (`generated/<slug>/sdk/index.js`). */
  sdk: Record<string, unknown>
  /** The generated client factory (`generated/<slug>/sdk/client/index.js`'s createClient). */
  createClient: (config: Record<string, unknown>) => unknown
  server: () => Promise<Server>
  /**
   * `in-process` (default): through `app.request()`, Hono's fetch path. `http`: over loopback,
   * the path `make run` serves (operations on the node fast lane).
   */
  transport?: 'in-process' | 'http'
  /**
   * `success` (real handlers): each documented request example, after `def.seed`, must get a
   * documented 2xx. `none` (the mock): skipped, since they would only re-check examples that
   * `make gen` already validated with the same validators (test/kit/mock.test.ts covers `Prefer`).
   */
  positive?: 'success' | 'none'
  /**
   * Operations whose examples cannot succeed on a test machine, each with the reason: the suite
   * then checks they are refused in a documented shape instead. Keep it empty where possible.
   */
  cannotSucceed?: Record<string, string>
  /** Before each positive example, after the seed: state a seed cannot create (a connected node runner). */
  prepare?: (server: Server) => Promise<void>
}

interface Call {
  path: Record<string, unknown>
  query: Record<string, unknown>
  headers: Record<string, string>
  body?: unknown
}

const PARAM_KEYS: Record<ParamLocation, keyof Call> = { path: 'path', query: 'query', header: 'headers', cookie: 'headers' }

/** Mutations of a JSON value that a schema is likely to refuse: wrong type, out of range, bad enum. */
function mutations(value: unknown): { label: string; value: unknown }[] {
  const out: { label: string; value: unknown }[] = []
  if (typeof value === 'string')
    out.push({ label: 'number instead of string', value: 12345 }, { label: 'value outside enum/pattern', value: '\u0000~invalid~' })
  else if (typeof value === 'number')
    out.push(
      { label: 'string instead of number', value: 'not-a-number' },
      { label: 'out of range (low)', value: -1e12 },
      { label: 'out of range (high)', value: 1e12 },
    )
  else if (typeof value === 'boolean') out.push({ label: 'string instead of boolean', value: 'not-a-boolean' })
  else if (Array.isArray(value)) out.push({ label: 'string instead of array', value: 'not-an-array' })
  else if (value && typeof value === 'object') out.push({ label: 'string instead of object', value: 'not-an-object' })
  return out
}

const firstValue = (examples: Record<string, unknown> | null | undefined) => (examples ? Object.values(examples)[0] : undefined)

export function contractSuite(opts: SuiteOptions) {
  const { def, validators } = opts
  const { table, examples } = def
  const validationStatus = def.errors(new KitError('validation', { issues: [{ location: 'body', pointer: '/x', message: 'm', keyword: 'type' }] }), {
    requestId: 'r',
    operationId: null,
    now: new Date(),
  }).status
  const v = (name: string | null | undefined): ValidateFn | null => (name ? (validators[name] as ValidateFn) : null)

  async function send(route: RouteDef, call: Call, auth: 'valid' | 'none' | 'wrong' = 'valid') {
    const server = await opts.server()
    const client = opts.createClient({ baseUrl: 'http://contract.test', fetch: opts.transport === 'http' ? overHttpFetch(server) : inProcessFetch(server) })
    const fn = opts.sdk[route.operationId] as SdkFn
    expect(fn, `SDK function ${route.operationId}`).toBeTypeOf('function')
    const headers = { ...call.headers }
    const scheme = route.security?.[0] ? Object.keys(route.security[0])[0] : undefined
    if (scheme && auth === 'valid') Object.assign(headers, (await credentialFor(server, def, scheme)).headers)
    if (scheme && auth === 'wrong') Object.assign(headers, wrongCredentialFor(def, scheme).headers)
    const res = await fn({ client, path: call.path, query: call.query, headers, body: call.body, parseAs: 'text' })
    // parseAs 'text' keeps binary and JSON alike as the server sent them; errors may come parsed.
    const raw = res.data !== undefined && res.data !== '' ? res.data : res.error
    const ct = res.response.headers.get('content-type') ?? ''
    const body = typeof raw === 'string' && ct.includes('json') && raw ? JSON.parse(raw) : raw
    return { status: res.response.status, body, headers: res.response.headers }
  }

  function baseCall(route: RouteDef): Call {
    const ex = examples[route.operationId].request
    const call: Call = { path: { ...ex.params.path }, query: { ...ex.params.query }, headers: {} }
    for (const [name, value] of Object.entries(ex.params.header)) call.headers[name] = String(value)
    const cookies = Object.entries(ex.params.cookie).map(([k, val]) => `${k}=${val}`)
    if (cookies.length) call.headers.Cookie = cookies.join('; ')
    if (route.body) call.body = structuredClone(firstValue(ex.body))
    return call
  }

  function expectDocumented(route: RouteDef, res: { status: number; body: unknown; headers: Headers }) {
    const status = String(res.status)
    const doc = Object.hasOwn(route.responses, status) ? route.responses[status] : route.responses.default
    expect(doc, `${route.operationId}: status ${res.status} is documented (body: ${String(JSON.stringify(res.body)).slice(0, 300)})`).toBeDefined()
    expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._:-]+$/)
    const validate = v(doc.validator)
    if (validate) {
      const ok = validate(res.body)
      expect(ok, `${route.operationId} ${res.status} body matches its schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true)
    } else if (doc.contentType) {
      expect(res.headers.get('content-type') ?? '').toContain(doc.contentType.split(';')[0])
    }
  }

  describe(`${opts.name}: ${table.slug} contract`, () => {
    for (const route of table.routes) {
      describe(`${route.method.toUpperCase()} ${route.path} (${route.operationId})`, () => {
        const bodyExamples = Object.entries(examples[route.operationId].request.body ?? { '(no body)': undefined })
        if (opts.positive === 'none') {
          it('accepts the documented request example (routing, security and request validation let it through)', async () => {
            const res = await send(route, baseCall(route))
            expect(res.status, `${route.operationId}: ${String(JSON.stringify(res.body)).slice(0, 300)}`).not.toBe(validationStatus)
            expectDocumented(route, res)
          })
        } else {
          for (const [index, [name, value]] of bodyExamples.entries()) {
            it(`answers the documented example "${name}" with a documented success`, async () => {
              const server = await opts.server()
              await def.seed?.(server.deps)
              await opts.prepare?.(server)
              const call = baseCall(route)
              if (route.body) call.body = structuredClone(value)
              // One Idempotency-Key per example: the documented key with another body is rightly refused.
              const idem = route.idempotencyHeader && call.headers[route.idempotencyHeader]
              if (idem && index > 0) call.headers[route.idempotencyHeader!] = `${idem}.${index}`.slice(-128)
              const res = await send(route, call)
              if (opts.cannotSucceed?.[route.operationId]) return expectDocumented(route, res)
              expect(res.status, `${route.operationId} "${name}": ${String(JSON.stringify(res.body)).slice(0, 300)}`).toBeGreaterThanOrEqual(200)
              expect(res.status, `${route.operationId} "${name}": ${String(JSON.stringify(res.body)).slice(0, 300)}`).toBeLessThan(300)
              expectDocumented(route, res)
            })
          }
        }

        if (route.security?.length && !route.security.some((r) => Object.keys(r).length === 0)) {
          it('refuses a request without credentials with 401 in the contract shape', async () => {
            const res = await send(route, baseCall(route), 'none')
            expect(res.status).toBe(401)
            expectDocumented(route, res)
          })
          it('refuses wrong credentials with 401 in the contract shape', async () => {
            const res = await send(route, baseCall(route), 'wrong')
            expect(res.status).toBe(401)
            expectDocumented(route, res)
          })
        }

        const negatives: { label: string; mutate: (c: Call) => void }[] = []
        for (const loc of ['path', 'query', 'header'] as ParamLocation[]) {
          const validate = v(route.validators[loc])
          if (!validate) continue
          const ex = examples[route.operationId].request.params[loc]
          for (const p of route.params[loc]) {
            if (p.required && loc !== 'path' && !validate(Object.fromEntries(Object.entries(ex).filter(([k]) => k !== p.name)))) {
              negatives.push({
                label: `missing required ${loc} parameter ${p.name}`,
                mutate: (c) => delete (c[PARAM_KEYS[loc]] as Record<string, unknown>)[p.name],
              })
            }
            for (const bad of [
              { label: 'not a valid value', value: '~not valid~' },
              { label: 'out of range', value: '-999999999999' },
            ]) {
              if (validate({ ...ex, [p.name]: bad.value })) continue
              negatives.push({
                label: `${loc} parameter ${p.name}: ${bad.label}`,
                mutate: (c) => ((c[PARAM_KEYS[loc]] as Record<string, unknown>)[p.name] = bad.value),
              })
              break
            }
          }
        }
        const bodyValidate = v(route.validators.body)
        const sample = firstValue(examples[route.operationId].request.body)
        if (bodyValidate && sample && typeof sample === 'object' && !Array.isArray(sample)) {
          for (const key of Object.keys(sample)) {
            const without = { ...(sample as Record<string, unknown>) }
            delete without[key]
            if (!bodyValidate(structuredClone(without)))
              negatives.push({ label: `body without required field ${key}`, mutate: (c) => delete (c.body as Record<string, unknown>)[key] })
            for (const m of mutations((sample as Record<string, unknown>)[key])) {
              if (bodyValidate(structuredClone({ ...(sample as Record<string, unknown>), [key]: m.value }))) continue
              negatives.push({ label: `body field ${key}: ${m.label}`, mutate: (c) => ((c.body as Record<string, unknown>)[key] = m.value) })
            }
          }
          negatives.push({ label: 'body with an unknown field', mutate: (c) => ((c.body as Record<string, unknown>)['__unknown_field__'] = 1) })
        }
        if (route.body?.required) negatives.push({ label: 'no body at all', mutate: (c) => (c.body = undefined) })

        for (const n of negatives) {
          it(`refuses ${n.label} with ${validationStatus}-class error in the contract shape`, async (ctx) => {
            const call = baseCall(route)
            n.mutate(call)
            // An unknown field is only an error where the schema is closed: ask the validator.
            if (n.label === 'body with an unknown field' && bodyValidate!(structuredClone(call.body))) return ctx.skip()
            const res = await send(route, call)
            expect([400, 422], `${route.operationId}: ${n.label} → ${res.status} ${String(JSON.stringify(res.body)).slice(0, 200)}`).toContain(res.status)
            expectDocumented(route, res)
          })
        }
      })
    }
  })
}
