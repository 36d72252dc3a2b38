/**
 * The last stage of every answer, operation or refusal: the service's decoration, the check
 * against the documented response (status, body schema, content type, required headers), the
 * kit's own headers, serialization, and the access log line.
 */
import { KitError } from '../errors.js'
import type { Reply } from '../exchange.js'
import type { HandlerResult, RouteDef, ValidateFn } from '../types.js'
import { byteStream, discardStreamingBody, isStreamingBody } from '../streaming.js'
import { issuesOf, summarizeIssues } from '../validation.js'
import type { MountedContract, Progress } from './mounted.js'
import { renderError } from './render-error.js'

export interface Responder {
  /**
   * The reply for a handler's (or the mock's) result. A result that breaks the contract is logged
   * and, with RESPONSE_VALIDATION=enforce, replaced by a 500 in the contract's shape.
   */
  answer(result: HandlerResult, st: Progress): Reply
  /**
   * The reply for a refusal already in the contract's shape (see render-error.ts). Checked too,
   * but never replaced: a kit refusal whose status the spec does not document (405 outside any
   * operation, a 413 the spec forgot) is logged at debug level, so clients cannot fill the error
   * log; a documented one whose body breaks its schema is a mapper bug, logged as an error.
   */
  refusal(result: HandlerResult, st: Progress): Reply
}

/** Header names as handlers spell them → lower case (a handful of names, asked for per response). */
const LOWER: Record<string, string> = Object.create(null)
/** JSON media types as sent, with the charset spelled out (a few per contract). */
const WITH_CHARSET: Record<string, string> = Object.create(null)
export const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i

const KIT_HEADERS = /^x-request-id$/i
/** `text/event-stream; charset=utf-8` → `text/event-stream`: parameters do not change the media type. */
const mediaType = (ct: string) => ct.split(';')[0].trim().toLowerCase()
const KIT_HEADERS_WITH_RATE = /^x-(request-id|ratelimit-)/i

export function createResponder(contract: MountedContract, route: RouteDef | null): Responder {
  const { binding, opts, log, mocked } = contract
  const documented = (status: string) =>
    route && Object.hasOwn(route.responses, status) ? status : route && Object.hasOwn(route.responses, 'default') ? 'default' : null
  const bodyValidators: Record<string, ValidateFn | null> = Object.create(null)
  const required: { withRate: Record<string, string[]>; withoutRate: Record<string, string[]> } = {
    withRate: Object.create(null),
    withoutRate: Object.create(null),
  }
  if (route) {
    for (const [status, r] of Object.entries(route.responses)) {
      bodyValidators[status] = contract.validator(r.validator)
      // The kit itself sets X-Request-Id, and X-RateLimit-* whenever a limit applied.
      required.withRate[status] = r.requiredHeaders.filter((h) => !KIT_HEADERS_WITH_RATE.test(h))
      required.withoutRate[status] = r.requiredHeaders.filter((h) => !KIT_HEADERS.test(h))
    }
  }

  /** What is wrong with a result against the documented response, or null. */
  const problemWith = (result: HandlerResult, st: Progress): string | null => {
    const key = documented(String(result.status))
    if (!key) return `status ${result.status} is not documented`
    const doc = route!.responses[key]
    const v = bodyValidators[key]
    const hasBody = result.body !== undefined && result.body !== null
    // A streamed body is not there yet to validate; it may only stand for a non-JSON body.
    const streamed = isStreamingBody(result.body)
    if (streamed && doc.json) return 'a streamed body where the documented body is JSON'
    if (v && !streamed && !v(result.body)) return summarizeIssues(issuesOf(v, 'body'))
    if (!doc.contentType && hasBody) return 'body sent where none is documented'
    if (doc.contentType && !hasBody) return 'documented body missing'
    if (result.contentType && doc.contentType && mediaType(result.contentType) !== mediaType(doc.contentType)) {
      return `content type ${result.contentType} is not the documented ${doc.contentType}`
    }
    const headers = (st.rate && binding.rateLimitHeaders ? required.withRate : required.withoutRate)[key]
    if (headers?.length) {
      const missing = headers.filter((h) => result.headers?.[h] === undefined)
      if (missing.length) return `required response headers missing: ${missing.join(', ')}`
    }
    return null
  }

  const serialize = (result: HandlerResult, st: Progress): Reply => {
    const { meta, rate } = st
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
    if (mocked && opts.mockMarker && route) headers['x-mock'] = 'true'
    if (opts.cors && meta.origin) Object.assign(headers, opts.cors.headersFor(meta.origin))
    let payload: Reply['payload'] = null
    let streamed = false
    if (result.body !== undefined && result.body !== null) {
      const key = documented(String(result.status))
      const ct = result.contentType ?? (key && route!.responses[key].contentType) ?? 'application/json'
      if (JSON_TYPE.test(ct)) {
        headers['content-type'] = WITH_CHARSET[ct] ??= ct.includes('charset') ? ct : `${ct}; charset=utf-8`
        payload = JSON.stringify(result.body)
      } else if (isStreamingBody(result.body)) {
        headers['content-type'] = ct
        streamed = true
        // The access line of a streamed answer is written when the stream ends: its whole duration and size.
        payload = byteStream(result.body, (end) => opts.accessLog && log.info('request', { ...accessLine(result, st), streamed: end.how, bytes: end.bytes }))
      } else {
        headers['content-type'] = ct
        payload = result.body as string | Uint8Array
      }
    }
    if (opts.accessLog && !streamed) log.info('request', accessLine(result, st))
    return { status: result.status, headers, payload }
  }

  const accessLine = (result: HandlerResult, { meta }: Progress) => ({
    requestId: meta.requestId,
    method: meta.method,
    path: meta.path,
    operationId: route?.operationId ?? null,
    status: result.status,
    ms: Math.round((performance.now() - meta.startedAt) * 10) / 10,
  })

  const decorate = (result: HandlerResult, st: Progress) => (binding.decorate ? binding.decorate(result, st.meta) : result)

  const responder: Responder = {
    answer(result, st) {
      result = decorate(result, st)
      if (opts.responseValidation !== 'off') {
        const problem = problemWith(result, st)
        if (problem) {
          log.error('response breaks contract', { requestId: st.meta.requestId, operationId: route?.operationId, status: result.status, problem })
          if (opts.responseValidation === 'enforce') {
            discardStreamingBody(result.body)
            return renderError(contract, responder, new KitError('internal', { message: 'response validation failed' }), st)
          }
        }
      }
      return serialize(result, st)
    },
    refusal(result, st) {
      result = decorate(result, st)
      if (route && opts.responseValidation !== 'off') {
        const problem = problemWith(result, st)
        if (problem) {
          const undocumented = !documented(String(result.status))
          ;(undocumented ? log.debug : log.error)(undocumented ? 'refusal status not documented for this operation' : 'refusal breaks contract', {
            requestId: st.meta.requestId,
            operationId: route.operationId,
            status: result.status,
            problem,
          })
        }
      }
      return serialize(result, st)
    },
  }

  return responder
}
