/**
 * Request parsing and validation: path, query, header and cookie parameters and the body,
 * each checked by its precompiled validator. Every issue of every part is collected, so one
 * answer names all the offending fields (by JSON pointer).
 */
import { KitError, type FieldIssue } from '../errors.js'
import { cookieOf, tooLarge, type Exchange } from '../exchange.js'
import type { MaybePromise, ParamLocation, RouteDef, ValidateFn } from '../types.js'
import { issuesOf } from '../validation.js'
import type { MountedContract } from './mounted.js'
import { JSON_TYPE } from './respond.js'

export interface ParsedRequest {
  parts: Record<ParamLocation, Record<string, unknown>>
  body: unknown
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })
const LOCATIONS: ParamLocation[] = ['path', 'query', 'header', 'cookie']

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

/**
 * Whether a parsed JSON value nests deeper than `limit` (objects and arrays). A body nested
 * thousands deep parses, but overflows the stack later in whatever walks it recursively
 * (JSON.stringify, a validator, the handler), so it is refused here, where it is cheap.
 */
export function nestsDeeper(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false
  // Iterative: the check itself must not be the recursion that overflows.
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (depth > limit) return true
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object') stack.push([item, depth + 1])
    } else {
      for (const k in v as Record<string, unknown>) {
        const item = (v as Record<string, unknown>)[k]
        if (item !== null && typeof item === 'object') stack.push([item, depth + 1])
      }
    }
  }
  return false
}

export type RequestReader = (ex: Exchange) => MaybePromise<ParsedRequest>

export function createRequestReader(contract: MountedContract, route: RouteDef): RequestReader {
  const { opts } = contract
  const paramValidators = LOCATIONS.map((loc) => [loc, contract.validator(route.validators[loc])] as [ParamLocation, ValidateFn | null])
  const bodyValidator = contract.validator(route.validators.body)
  const headerParams = route.params.header.map((p) => ({ name: p.name, lower: p.name.toLowerCase() }))

  const withBody = (ex: Exchange, parsed: ParsedRequest, issues: FieldIssue[], bytes: Uint8Array): ParsedRequest => {
    const body = route.body!
    if (bytes.byteLength) {
      const ct = ex.header('content-type') ?? ''
      if (body.json) {
        if (!JSON_TYPE.test(ct)) throw new KitError('unsupported_media_type', { message: `expected ${body.contentType}, got ${ct || 'no Content-Type'}` })
        try {
          parsed.body = JSON.parse(UTF8.decode(bytes))
        } catch (e) {
          throw new KitError('malformed_json', { message: `request body is not valid JSON: ${(e as Error).message}` })
        }
        if (nestsDeeper(parsed.body, opts.bodyDepthLimit)) {
          issues.push({ location: 'body', pointer: '', message: `nests deeper than ${opts.bodyDepthLimit} levels`, keyword: 'maxDepth' })
          throw new KitError('validation', { issues, message: 'Request validation failed' })
        }
      } else parsed.body = bytes
    } else if (body.required) {
      issues.push({ location: 'body', pointer: '', message: 'request body is required', keyword: 'required' })
    }
    if (parsed.body !== undefined && bodyValidator && !bodyValidator(parsed.body)) issues.push(...issuesOf(bodyValidator, 'body'))
    if (issues.length) throw new KitError('validation', { issues, message: 'Request validation failed' })
    return parsed
  }

  return (ex) => {
    const header: Record<string, unknown> = {}
    for (const p of headerParams) {
      const v = ex.header(p.lower)
      if (v !== undefined) header[p.name] = v
    }
    const parsed: ParsedRequest = {
      parts: {
        path: route.params.path.length ? ex.params : {}, // the router makes a fresh object per request (validators may add defaults)
        query: collectQuery(ex, route),
        header,
        cookie: route.params.cookie.length ? collectCookies(ex, route) : {},
      },
      body: undefined,
    }
    const issues: FieldIssue[] = []
    for (let i = 0; i < paramValidators.length; i++) {
      const [loc, v] = paramValidators[i]
      if (v && !v(parsed.parts[loc])) issues.push(...issuesOf(v, loc))
    }
    if (!route.body) {
      if (issues.length) throw new KitError('validation', { issues, message: 'Request validation failed' })
      return parsed
    }
    const declared = Number(ex.header('content-length') ?? '0')
    if (declared > opts.bodyLimitBytes) throw tooLarge(opts.bodyLimitBytes)
    return ex.body(opts.bodyLimitBytes).then((bytes) => withBody(ex, parsed, issues, bytes))
  }
}
