/**
 * Turns a generated operations module into methods bound to one client: each call goes through
 * hey-api's fetch client, then its answer becomes a typed outcome (a success, an ApiError in the
 * contract's shape, an UnexpectedResponseError, or a NetworkError; never `response: undefined`).
 */
import { ApiError, NetworkError, UnexpectedResponseError } from './errors.js'
import type { BaseClientOptions, Credential, Failure, Outcome, Success } from './types.js'

type Options = Record<string, any>

/** What a generated operation returns with `throwOnError: false`. */
interface Fields {
  data?: unknown
  error?: unknown
  request: Request
  response: Response | undefined
}

export interface Binding {
  /** The hey-api client every call goes through. */
  client: unknown
  /** Does this error body have the contract's own error shape? */
  isContractError: (body: unknown) => boolean
  throwOnError: boolean
  /** Per-call options the API adds (auth for one operation, automatic headers). */
  prepare?: (operation: string, options: Options) => Options
  /** Sees every outcome (findori keeps its session cookie outside browsers). */
  observe?: (operation: string, outcome: Outcome<unknown, unknown>) => void
}

export function outcomeOf(operation: string, fields: Fields, isContractError: (body: unknown) => boolean): Outcome<unknown, unknown> {
  const { request, response } = fields
  if (!response) {
    const failure: Failure<unknown> = {
      data: undefined,
      error: new NetworkError(operation, request.method, request.url, fields.error),
      status: undefined,
      response: undefined,
      request,
    }
    return failure
  }
  if (response.ok) return { data: fields.data, error: undefined, status: response.status, response, request } satisfies Success<unknown>
  const body = fields.error
  const error = isContractError(body)
    ? new ApiError(operation, response.status, body, response)
    : new UnexpectedResponseError(operation, response.status, body, response)
  return { data: undefined, error, status: response.status, response, request }
}

export function bindOperations(operations: Record<string, unknown>, binding: Binding): Record<string, (options?: Options) => Promise<unknown>> {
  const methods: Record<string, (options?: Options) => Promise<unknown>> = {}
  for (const [name, operation] of Object.entries(operations)) {
    if (typeof operation !== 'function') continue
    methods[name] = async (options: Options = {}) => {
      const prepared = binding.prepare ? binding.prepare(name, options) : options
      const fields = (await operation({ ...prepared, client: binding.client, throwOnError: false, responseStyle: 'fields' })) as Fields
      const outcome = outcomeOf(name, fields, binding.isContractError)
      binding.observe?.(name, outcome)
      if (binding.throwOnError && outcome.error) throw outcome.error
      return outcome
    }
  }
  return methods
}

/** hey-api's client configuration from the options every factory takes. */
export function clientConfig(options: BaseClientOptions<boolean>) {
  if (typeof options?.baseUrl !== 'string') throw new TypeError('baseUrl is required, e.g. { baseUrl: "https://api.example.com" }')
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  }
}

export const resolveCredential = async (credential: Credential | undefined): Promise<string | undefined> =>
  typeof credential === 'function' ? await credential() : credential

/** A fresh random id (RFC 4122 v4 layout) from getRandomValues, which, unlike randomUUID, also works on plain-HTTP pages. */
export function randomId(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Per-call headers as a plain object: the generated operations spread `options.headers` into
 * their own (`{ 'Content-Type': …, ...options.headers }`), which would drop a Headers instance.
 */
export function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (headers instanceof Headers)
    headers.forEach((value, key) => {
      out[key] = value
    })
  else if (isObject(headers)) for (const [key, value] of Object.entries(headers)) if (value !== undefined && value !== null) out[key] = String(value)
  return out
}

export const hasHeader = (headers: Record<string, string>, name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase())
