/**
 * Registers one contract's routes on a Hono app. Per request:
 * request id → security → rate limit → parameters and body validated (Ajv, precompiled)
 * → handler (real or mock) → decoration → response validated → sent.
 * Every refusal and surprise becomes a KitError, mapped once to the contract's own error shape.
 */
import type { Context, Hono } from 'hono'
import { KitError, type FieldIssue } from './errors.js'
import { cookieOf, honoExchange, toResponse, tooLarge, type Exchange, type Reply } from './exchange.js'
import type { Lane } from './node-lane.js'
import type { RouteMatcher } from './router.js'
import { authenticate } from './security.js'
import { issuesOf, summarizeIssues } from './validation.js'
import { requestIdFrom } from './request-id.js'
import { createMockHandler } from './mock.js'
import type { FixedWindowLimiter, RateLimitState } from './rate-limit.js'
import { requestFingerprint, type IdempotencyStore } from './idempotency.js'
import type { ContractDefinition, ServiceBinding } from './contract.js'
import type { Logger } from './logger.js'
import type { CorsPolicy } from './cors.js'
import { isPromise, type HandlerResult, type MaybePromise, type ParamLocation, type Principal, type RequestMeta, type RouteDef, type ValidateFn } from './types.js'

export type ResponseValidationMode = 'enforce' | 'log' | 'off'

export interface MountOptions {
  bodyLimitBytes: number
  responseValidation: ResponseValidationMode
  logger: Logger
  limiter: FixedWindowLimiter
  now: () => Date
  /** Header that marks answers produced by the mock (e.g. `X-Mock: true`). */
  mockMarker: boolean
  /** Adds CORS headers to responses for allowed browser origins. */
  cors?: CorsPolicy
  /** One structured log line per request (method, path, operation, status, duration). */
  accessLog?: boolean
  /** Where Idempotency-Key answers are kept, for operations that declare the header. */
  idempotency?: { store: IdempotencyStore; ttlSec: number }
}

/** Header names as handlers spell them → lower case (a handful of names, asked for per response). */
const LOWER: Record<string, string> = Object.create(null)
/** JSON media types as sent, with the charset spelled out (a few per contract). */
const WITH_CHARSET: Record<string, string> = Object.create(null)

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i
const UTF8 = new TextDecoder('utf-8', { fatal: true })

function collectQuery(ex: Exchange, route: RouteDef): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!route.params.query.length || !ex.search) return out
  const search = new URLSearchParams(ex.search)
  for (const p of route.params.query) {
    const values = search.getAll(p.name)
    if (!values.length) continue
    // `a=1,2` is the non-exploded form; exploded `a=1&a=2` arrives as several values.
    out[p.name] = p.array ? (values.length === 1 && values[0].includes(',') ? values[0].split(',') : values) : values[0]
  }
  return out
}

function collectCookies(ex: Exchange, route: RouteDef): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const p of route.params.cookie) {
    const v = cookieOf(ex, p.name)
    if (v !== undefined) out[p.name] = v
  }
  return out
}

/** Per request: what the refusal path needs to know however far the request got. */
interface Progress {
  meta: RequestMeta
  rate: RateLimitState | null
  idem: { scope: string; key: string } | null
}

/** Registers every operation on the Hono app and, for the node fast lane, in `lanes`. */
export function mountContract(app: Hono, lanes: RouteMatcher<Lane>, def: ContractDefinition, binding: ServiceBinding, opts: MountOptions): void {
  const { table, validators, errors } = def
  const log = opts.logger.child({ contract: table.slug })
  const mocked = !binding.handlers

  const validator = (name: string | undefined | null): ValidateFn | null => {
    if (!name) return null
    const v = validators[name]
    if (!v) throw new Error(`${table.slug}: generated validator ${name} missing (run make gen)`)
    return v
  }

  for (const route of table.routes) {
    const paramValidators = (['path', 'query', 'header', 'cookie'] as ParamLocation[]).map((loc) => [loc, validator(route.validators[loc])] as const)
    const bodyValidator = validator(route.validators.body)
    const responseValidators = Object.fromEntries(Object.entries(route.responses).map(([s, r]) => [s, validator(r.validator)]))
    const requiredHeaders = {
      withRate: Object.fromEntries(Object.entries(route.responses).map(([s, r]) => [s, r.requiredHeaders.filter((h) => !/^x-(request-id|ratelimit-)/i.test(h))])),
      withoutRate: Object.fromEntries(Object.entries(route.responses).map(([s, r]) => [s, r.requiredHeaders.filter((h) => !/^x-request-id$/i.test(h))])),
    }
    const handler = (binding.handlers as Record<string, ((req: unknown, ctx: unknown) => HandlerResult | Promise<HandlerResult>) | undefined> | undefined)?.[route.operationId]
    if (binding.handlers && !handler) throw new Error(`${table.slug}: no handler for ${route.operationId}`)
    if (binding.context && 'request' in binding.context) throw new Error(`${table.slug}: the handler context may not define 'request' (the kit sets it)`)
    const mock = handler
      ? null
      : createMockHandler(route, def.examples, def.loadMockSchemas, (status, body) => {
          const v = responseValidators[status]
          return !v || v(body)
        })

    /** Sends a result after decoration and (by mode) validation against the documented response. */
    const send = (result: HandlerResult, meta: RequestMeta, rate: RateLimitState | null, fromError: boolean): Reply => {
      if (binding.decorate) result = binding.decorate(result, meta)
      const status = String(result.status)
      const doc = route.responses[status] ?? route.responses.default
      if (opts.responseValidation !== 'off') {
        let problem: string | null = null
        if (!doc) problem = `status ${status} is not documented`
        else {
          const v = responseValidators[route.responses[status] ? status : 'default']
          if (v && !v(result.body)) problem = summarizeIssues(issuesOf(v, 'body'))
          else if (!doc.contentType && result.body !== undefined && result.body !== null) problem = 'body sent where none is documented'
          else if (doc.contentType && (result.body === undefined || result.body === null)) problem = 'documented body missing'
          else if (result.contentType && doc.contentType && result.contentType.split(';')[0].trim() !== doc.contentType) {
            problem = `content type ${result.contentType} is not the documented ${doc.contentType}`
          }
          else {
            // The kit itself sets X-Request-Id, and X-RateLimit-* whenever a limit applied.
            const required = (rate && binding.rateLimitHeaders ? requiredHeaders.withRate : requiredHeaders.withoutRate)[status]
            if (required?.length) {
              const missing = required.filter((h) => result.headers?.[h] === undefined)
              if (missing.length) problem = `required response headers missing: ${missing.join(', ')}`
            }
          }
        }
        if (problem) {
          log.error('response breaks contract', { requestId: meta.requestId, operationId: route.operationId, status: result.status, problem })
          if (opts.responseValidation === 'enforce' && !fromError) {
            return sendError(new KitError('internal', { message: 'response validation failed' }), meta, rate)
          }
        }
      }
      // Keys are lower-case so later values replace earlier.
      const headers: Record<string, string> = {}
      if (result.headers) for (const k in result.headers) headers[(LOWER[k] ??= k.toLowerCase())] = String(result.headers[k])
      // Set after the handler's (or the mock example's) headers: the kit's own values are the truth.
      headers['x-request-id'] = meta.requestId
      if (rate && binding.rateLimitHeaders) {
        headers['x-ratelimit-limit'] = String(rate.limit)
        headers['x-ratelimit-remaining'] = String(rate.remaining)
        headers['x-ratelimit-reset'] = String(rate.resetEpochSec)
      }
      if (mocked && opts.mockMarker) headers['x-mock'] = 'true'
      if (opts.cors && meta.origin) Object.assign(headers, opts.cors.headersFor(meta.origin))
      let payload: string | Uint8Array | null = null
      if (result.body !== undefined && result.body !== null) {
        const ct = result.contentType ?? doc?.contentType ?? 'application/json'
        if (JSON_TYPE.test(ct)) {
          headers['content-type'] = (WITH_CHARSET[ct] ??= ct.includes('charset') ? ct : `${ct}; charset=utf-8`)
          payload = JSON.stringify(result.body)
        } else {
          headers['content-type'] = ct
          payload = result.body as string | Uint8Array
        }
      }
      if (opts.accessLog) {
        log.info('request', {
          requestId: meta.requestId,
          method: meta.method,
          path: meta.path,
          operationId: route.operationId,
          status: result.status,
          ms: Math.round((performance.now() - meta.startedAt) * 10) / 10,
        })
      }
      return { status: result.status, headers, payload }
    }

    /** An error's answer; never re-validated into another 500 (`send`'s fromError). */
    const sendError = (err: KitError, meta: RequestMeta, rate: RateLimitState | null): Reply => {
      const mapped = errors(err, { requestId: meta.requestId, operationId: route.operationId, now: opts.now() })
      const headers = { ...mapped.headers }
      if (err.kind === 'method_not_allowed' && err.detail.allow) headers.Allow = err.detail.allow.join(', ')
      if (err.kind === 'rate_limited' && err.detail.retryAfterSec) headers['Retry-After'] = err.detail.retryAfterSec
      return send({ status: mapped.status, body: mapped.body, headers }, meta, rate, true)
    }

    const headerParams = route.params.header.map((p) => ({ name: p.name, lower: p.name.toLowerCase() }))

    const fail = (e: unknown, st: Progress): MaybePromise<Reply> => {
      const answer = () => {
        if (e instanceof KitError) {
          if (e.kind === 'internal') log.error('internal error', { requestId: st.meta.requestId, operationId: route.operationId, error: e.message })
          return sendError(e, st.meta, st.rate)
        }
        log.error('unhandled exception', { requestId: st.meta.requestId, operationId: route.operationId, error: (e as Error)?.message, stack: (e as Error)?.stack })
        return sendError(new KitError('internal', { message: 'internal error', cause: e }), st.meta, st.rate)
      }
      if (!st.idem) return answer()
      const held = st.idem
      st.idem = null
      return opts.idempotency!.store.release(held.scope, held.key).catch(() => undefined).then(answer)
    }

    // The stages below run synchronously until something really waits (a body to read, an async
    // verifier, the database, an async handler): most GETs never touch a promise, and each
    // stage's throw reaches `fail` whichever way it ran.

    const authenticated = (ex: Exchange, st: Progress, principal: Principal | null, authError: unknown): MaybePromise<Reply> => {
      const { meta } = st
      meta.principal = principal
      if (binding.rateLimit) {
        const rule = binding.rateLimit(route, principal, meta.clientAddress)
        if (rule) {
          const rate = (st.rate = opts.limiter.hit(rule))
          if (!rate.allowed) {
            throw new KitError('rate_limited', { retryAfterSec: rate.retryAfterSec, limit: rule.limit, windowSec: rule.windowSec, message: 'Too many requests' })
          }
        }
      }
      if (authError) throw authError

      const issues: FieldIssue[] = []
      const header: Record<string, unknown> = {}
      for (const p of headerParams) {
        const v = ex.header(p.lower)
        if (v !== undefined) header[p.name] = v
      }
      const parts: Record<ParamLocation, Record<string, unknown>> = {
        path: route.params.path.length ? ex.params : {}, // either router makes a fresh object per request
        query: collectQuery(ex, route),
        header,
        cookie: route.params.cookie.length ? collectCookies(ex, route) : {},
      }
      for (let i = 0; i < paramValidators.length; i++) {
        const [loc, v] = paramValidators[i]
        if (v && !v(parts[loc])) issues.push(...issuesOf(v, loc))
      }
      if (!route.body) return validated(ex, st, parts, issues, undefined)
      const declared = Number(ex.header('content-length') ?? '0')
      if (declared > opts.bodyLimitBytes) throw tooLarge(opts.bodyLimitBytes)
      return ex.body(opts.bodyLimitBytes).then((bytes) => validated(ex, st, parts, issues, bytes))
    }

    const validated = (
      ex: Exchange,
      st: Progress,
      parts: Record<ParamLocation, Record<string, unknown>>,
      issues: FieldIssue[],
      bytes: Uint8Array | undefined,
    ): MaybePromise<Reply> => {
      let body: unknown = undefined
      if (route.body) {
        if (bytes!.byteLength) {
          const ct = ex.header('content-type') ?? ''
          if (route.body.json) {
            if (!JSON_TYPE.test(ct)) throw new KitError('unsupported_media_type', { message: `expected ${route.body.contentType}, got ${ct || 'no Content-Type'}` })
            try {
              body = JSON.parse(UTF8.decode(bytes))
            } catch (e) {
              throw new KitError('malformed_json', { message: `request body is not valid JSON: ${(e as Error).message}` })
            }
          } else body = bytes
        } else if (route.body.required) {
          issues.push({ location: 'body', pointer: '', message: 'request body is required', keyword: 'required' })
        }
        if (body !== undefined && bodyValidator && !bodyValidator(body)) issues.push(...issuesOf(bodyValidator, 'body'))
      }
      if (issues.length) throw new KitError('validation', { issues, message: 'Request validation failed' })

      const idemKey = route.idempotencyHeader && opts.idempotency ? (parts.header[route.idempotencyHeader] as string | undefined) : undefined
      if (idemKey) return idempotent(ex, st, parts, body, idemKey)
      return handled(ex, st, parts, body)
    }

    const idempotent = async (ex: Exchange, st: Progress, parts: Record<ParamLocation, Record<string, unknown>>, body: unknown, key: string): Promise<Reply> => {
      // Scoped per caller and operation: one user's key never replays another's answer.
      const idem = { scope: `${table.slug}:${route.operationId}:${st.meta.principal?.id ?? st.meta.clientAddress}`, key }
      const fingerprint = requestFingerprint({ path: parts.path, query: parts.query, body: body ?? null })
      const begun = await opts.idempotency!.store.begin(idem.scope, idem.key, fingerprint, opts.now(), opts.idempotency!.ttlSec)
      if (begun.kind === 'replay') {
        return send({ status: begun.status, body: begun.body, headers: { ...begun.headers, 'Idempotency-Replayed': 'true' } }, st.meta, st.rate, false)
      }
      if (begun.kind === 'conflict') {
        throw new KitError('conflict', {
          message: begun.reason === 'fingerprint' ? 'Idempotency-Key was already used with a different request' : 'a request with this Idempotency-Key is still being processed',
        })
      }
      st.idem = idem
      const result = await handle(ex, st, parts, body)
      // A server failure releases the key so the client's retry runs again; anything else is final.
      if (result.status >= 500) await opts.idempotency!.store.release(idem.scope, idem.key)
      else await opts.idempotency!.store.complete(idem.scope, idem.key, result.status, result.body, result.headers)
      st.idem = null
      return send(result, st.meta, st.rate, false)
    }

    const handle = (ex: Exchange, st: Progress, parts: Record<ParamLocation, Record<string, unknown>>, body: unknown): MaybePromise<HandlerResult> => {
      if (!handler) return mock!(ex.header('prefer'))
      const req = { path: parts.path, query: parts.query, headers: parts.header, cookies: parts.cookie, body }
      // Object.assign, not a spread: V8's object-spread path measured ~5× slower per request.
      return handler(req, Object.assign({ request: st.meta }, binding.context))
    }

    const handled = (ex: Exchange, st: Progress, parts: Record<ParamLocation, Record<string, unknown>>, body: unknown): MaybePromise<Reply> => {
      const out = handle(ex, st, parts, body)
      return isPromise(out) ? out.then((result) => send(result, st.meta, st.rate, false)) : send(out, st.meta, st.rate, false)
    }

    const lane = (ex: Exchange): MaybePromise<Reply> => {
      const st: Progress = {
        meta: {
          requestId: requestIdFrom(ex.header('x-request-id')),
          operationId: route.operationId,
          principal: null,
          clientAddress: ex.clientAddress,
          method: ex.method,
          path: ex.path,
          startedAt: opts.accessLog ? performance.now() : 0,
          origin: opts.cors ? ex.header('origin') : undefined,
        },
        rate: null,
        idem: null,
      }
      try {
        let out: MaybePromise<Reply>
        if (!route.security) out = authenticated(ex, st, null, null)
        else {
          let found: MaybePromise<Principal | null> = null
          let authError: unknown = null
          try {
            found = authenticate(ex, route, table.securitySchemes, binding.verifiers)
          } catch (e) {
            authError = e
          }
          out = isPromise(found)
            ? found.then(
                (principal) => authenticated(ex, st, principal, null),
                (e) => authenticated(ex, st, null, e),
              )
            : authenticated(ex, st, found, authError)
        }
        return isPromise(out) ? out.catch((e) => fail(e, st)) : out
      } catch (e) {
        return fail(e, st)
      }
    }

    lanes.add(route.method, route.path, lane)
    app.on(route.method.toUpperCase(), route.honoPath, async (c: Context) => toResponse(await lane(honoExchange(c))))
  }
}
