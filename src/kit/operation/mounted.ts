/**
 * One contract as the app serves it: its definition, its binding to the app, and the options
 * every stage of its operations reads. Built once per contract when the app is built.
 */
import type { ContractDefinition, ServiceBinding } from '../contract.js'
import type { TrustFn } from '../client-address.js'
import type { CorsPolicy } from '../cors.js'
import type { IdempotencyStore } from '../idempotency.js'
import type { Logger } from '../logger.js'
import type { MockRuntime } from '../mock/runtime.js'
import type { RateLimiter, RateLimitState } from '../rate-limit.js'
import type { RequestMeta, ValidateFn } from '../types.js'

export type ResponseValidationMode = 'enforce' | 'log' | 'off'

export interface PipelineOptions {
  bodyLimitBytes: number
  /** How deep a JSON request body may nest (objects and arrays); deeper is a validation error. */
  bodyDepthLimit: number
  responseValidation: ResponseValidationMode
  logger: Logger
  limiter: RateLimiter
  now: () => Date
  /** Header that marks answers produced by the mock (e.g. `X-Mock: true`). */
  mockMarker: boolean
  /** Adds CORS headers to responses for allowed browser origins. */
  cors?: CorsPolicy
  /** One structured log line per request (method, path, operation, status, duration). */
  accessLog?: boolean
  /** Where Idempotency-Key answers are kept, for operations that declare the header. */
  idempotency?: { store: IdempotencyStore; ttlSec: number }
  /** State and scenarios for mock sessions (mock mode); without it the mock is stateless. */
  mock?: MockRuntime
  /** Which proxies' X-Forwarded-For names the client (TRUST_PROXY); none: the socket peer is the client. */
  trustProxy?: TrustFn | null
}

export interface MountedContract {
  def: ContractDefinition
  binding: ServiceBinding
  /** No real handlers: every operation answers from the spec's examples. */
  mocked: boolean
  log: Logger
  opts: PipelineOptions
  /** Loads the contract's validators; its operations compile after it (dispatch.ts loads once per contract). */
  loadValidators(): Promise<void>
  /**
   * The generated validator by name; throws when `make gen` did not write it, or when called
   * before `loadValidators` resolved (operations compile only after it).
   */
  validator(name: string | undefined | null): ValidateFn | null
}

export function mountedContract(def: ContractDefinition, binding: ServiceBinding, opts: PipelineOptions): MountedContract {
  const slug = def.table.slug
  let validators: Record<string, ValidateFn> | null = null
  return {
    def,
    binding,
    mocked: !binding.handlers,
    log: opts.logger.child({ contract: slug }),
    opts,
    async loadValidators() {
      validators = await def.loadValidators()
    },
    validator(name) {
      if (!name) return null
      if (!validators) throw new Error(`${slug}: validators used before they were loaded`)
      const v = validators[name]
      if (!v) throw new Error(`${slug}: generated validator ${name} missing (run make gen)`)
      return v
    },
  }
}

/** Per request: what the answer and the refusal path need to know however far the request got. */
export interface Progress {
  meta: RequestMeta
  rate: RateLimitState | null
  idem: { scope: string; key: string } | null
  /** The mock's `Prefer` header (read only when the operation is mocked). */
  prefer?: string
  /** The mock session (`X-Mock-Session`), read only when the operation is mocked with a runtime. */
  session?: string
}
