/**
 * What each API folder (src/services/<slug>/index.ts) hands the kit: the generated artefacts of
 * its spec, its error mapper, and a factory that binds its verifiers, handlers and policies to
 * the app's dependencies. Without handlers the contract is served by the mock.
 */
import type { Migration } from 'kysely'
import type { ErrorMapper } from './errors.js'
import type { MockSchemas } from './mock.js'
import type { RateLimitRule, RateLimitState } from './rate-limit.js'
import type { SecurityVerifier } from './security.js'
import type { ContractExamples, ContractTable, HandlerResult, Principal, RequestMeta, RouteDef, ValidateFn } from './types.js'

declare const BOUND: unique symbol

/**
 * Real handlers and their context, as only a generated `bind<Slug>Handlers` makes them (it checks
 * both against the generated interface); the brand keeps anything else out of `handlers`.
 */
export interface BoundHandlers {
  readonly [BOUND]: true
  readonly handlers: Readonly<Record<string, unknown>>
  readonly context: object
}

/** For generated code only: use the contract's `bind<Slug>Handlers`, which is typed. */
export function boundHandlers(handlers: object, context: object): BoundHandlers {
  if ('request' in context) throw new Error(`the handler context may not define 'request' (the kit sets it)`)
  return { handlers: handlers as Record<string, unknown>, context } as BoundHandlers
}

export interface ServiceBinding {
  /** Per security scheme name of the spec. */
  verifiers: Record<string, SecurityVerifier>
  /** Real handlers, from the generated `bind<Slug>Handlers(handlers, context)`; none: the mock answers. */
  handlers?: BoundHandlers
  /** Which bucket a request counts against; null for none. */
  rateLimit?: (route: RouteDef, principal: Principal | null, clientAddress: string) => RateLimitRule | null
  /** Whether X-RateLimit-* headers go on every response (the contract documents them). */
  rateLimitHeaders?: boolean
  /** Last touch on every response body and headers before validation (e.g. saju's signatures). */
  decorate?: (result: HandlerResult, meta: RequestMeta) => HandlerResult
  /** Called once the HTTP server listens (e.g. to take WebSocket upgrades on it). */
  onListen?: (server: import('node:http').Server) => void
  /** Releases what the service holds (connections, timers) before the server and database close. */
  close?: () => Promise<void>
}

/** What `make gen` emits per contract (generated/<slug>/contract.gen.ts). */
export interface GeneratedContract {
  table: ContractTable
  /**
   * The precompiled validators, by name. A promise: they are most of the server's code, so each
   * contract's load on its first request (or the warm-up after listening), not at start.
   */
  loadValidators: () => Promise<Record<string, ValidateFn>>
  examples: ContractExamples
  loadMockSchemas: () => Promise<MockSchemas>
  /** The spec's file name under spec/. */
  specFileName: string
}

export interface ContractDefinition<Deps = any> extends GeneratedContract {
  /** Absolute path of the spec file served at /openapi/<slug>.yaml. */
  specFile: string
  errors: ErrorMapper
  /**
   * Binds the contract to the app's dependencies; `mock` asks for no real handlers. May resolve
   * later, so a service loads its heavy modules (graphs, renderers, parsers) only when real.
   */
  bind: (deps: Deps, mode: 'real' | 'mock') => ServiceBinding | Promise<ServiceBinding>
  /** The service's own migrations, by date-prefixed name (run with the kit's, in name order). */
  migrations?: Record<string, Migration>
  /** Documents served beside the OpenAPI one at /openapi/<name> (e.g. an AsyncAPI spec): name → absolute path. */
  extraSpecs?: Record<string, string>
  /**
   * Creates the resources the spec's documented request examples refer to (the device of
   * `sendDeviceCommand`'s example, a published issue, a demo portfolio), so that each example
   * gets its documented success status. Idempotent: `make run` calls it at every start (demo
   * data, unless SEED_EXAMPLES=false) and the contract suite before its positive cases.
   */
  seed?: (deps: Deps) => Promise<void>
  /**
   * Ready-made development credentials per security scheme name of the spec: the headers a
   * client sends. `make run` prints them outside production; the tests use them.
   */
  devCredentials?: (deps: Deps) => Promise<Record<string, Record<string, string>>>
}

export type { RateLimitState }
