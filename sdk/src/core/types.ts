/**
 * The typed surface shared by every entry: a call's outcome, and the method table derived from
 * an API's generated operations (`generated/<slug>/sdk/sdk.gen.ts`), so a spec change reaches the
 * client's types with `make gen` and nothing here names an operation.
 */
import type { ApiError, NetworkError, UnexpectedResponseError } from './errors.js'

/** A 2xx answer: `data` is the documented body of the status that came back. */
export interface Success<Data> {
  data: Data
  error: undefined
  status: number
  response: Response
  request: Request
}

/** Any other outcome: an error answer in the contract's shape, an answer outside it, or none at all. */
export interface Failure<ErrorBody> {
  data: undefined
  error: ApiError<ErrorBody> | UnexpectedResponseError | NetworkError
  /** `undefined` when there was no answer (`error.kind === 'network'`). */
  status: number | undefined
  response: Response | undefined
  request: Request
}

export type Outcome<Data, ErrorBody> = Success<Data> | Failure<ErrorBody>

/** With `throwOnError: true` a call resolves only to a success; failures are thrown as the same error values. */
export type Answer<Data, ErrorBody, Throw extends boolean> = Throw extends true ? Success<Data> : Outcome<Data, ErrorBody>

/** A credential: the value itself, or a function asked before each call (for tokens that rotate). */
export type Credential = string | (() => string | undefined | Promise<string | undefined>)

/** What every client factory takes. */
export interface BaseClientOptions<Throw extends boolean> {
  /** Where the API is served, e.g. `https://api.example.com` (no trailing path needed); `''` means the page's own origin in a browser. */
  baseUrl: string
  /** A fetch to use instead of `globalThis.fetch` (tests, retries, instrumentation). */
  fetch?: typeof fetch
  /** Headers sent with every call. */
  headers?: Record<string, string>
  /** Throw failures (ApiError, UnexpectedResponseError, NetworkError) instead of returning them. */
  throwOnError?: Throw
}

type FieldsOf<Op> = Op extends (...args: any) => infer R ? Awaited<R> : never
type DataOf<F> = F extends { error: undefined; data: infer D } ? D : never
type ErrorBodyOf<F> = F extends { data: undefined; error: infer E } ? E : never
type OptionsOf<Op> = Op extends (options: infer O) => unknown ? NonNullable<O> : never

/** Options the client owns: they are set once by the factory, not per call. */
type Plumbing = 'client' | 'throwOnError' | 'responseStyle' | 'url' | 'security' | 'auth' | 'baseUrl' | 'fetch'

/** The headers the spec names for an operation (hey-api intersects them with fetch's open header bag). */
type SpecHeaders<O> = O extends { headers?: infer H }
  ? H extends Record<string, unknown>
    ? { [K in keyof H as string extends K ? never : K]: H[K] }
    : never
  : never
type Loosened<H, Auto extends string> = Omit<H, Auto> & Partial<Pick<H, Auto & keyof H>> & Record<string, string | undefined>
/** `Auto` headers (filled in by the client, e.g. saju's X-Request-Id) become optional. */
/** True when every property of T is optional (so the argument may be left out). */
type AllOptional<T> = Partial<T> extends T ? true : false
type WithAuto<O, Auto extends string> = [Auto] extends [never]
  ? O
  : Omit<O, 'headers'> &
      (AllOptional<Omit<SpecHeaders<O>, Auto>> extends true ? { headers?: Loosened<SpecHeaders<O>, Auto> } : { headers: Loosened<SpecHeaders<O>, Auto> })

export type CallOptions<Op, Auto extends string = never> = WithAuto<Omit<OptionsOf<Op>, Plumbing>, Auto>

/**
 * One method per operation of the generated SDK, keeping its JSDoc: the options are the
 * operation's own (path, query, headers, body, signal…), the result a typed outcome.
 */
export type Methods<Ops, Throw extends boolean, Auto extends string = never> = {
  [K in keyof Ops]: AllOptional<CallOptions<Ops[K], Auto>> extends true
    ? (options?: CallOptions<Ops[K], Auto>) => Promise<Answer<DataOf<FieldsOf<Ops[K]>>, ErrorBodyOf<FieldsOf<Ops[K]>>, Throw>>
    : (options: CallOptions<Ops[K], Auto>) => Promise<Answer<DataOf<FieldsOf<Ops[K]>>, ErrorBodyOf<FieldsOf<Ops[K]>>, Throw>>
}
