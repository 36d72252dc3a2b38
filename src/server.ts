/**
 * `createServer(config)` opens and migrates the database and builds the whole app (every
 * contract, real or mock) without listening; `start()` listens and `stop()` closes everything.
 * Tests call `app.request()` or `start()` on port 0.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import type { Hono } from 'hono'
import { buildContractsApp, type ContractToServe } from './kit/app.js'
import { compileTrust } from './kit/client-address.js'
import { createLogger, type Logger } from './kit/logger.js'
import { DatabaseRateLimiter, MemoryRateLimiter, type RateLimiter } from './kit/rate-limit.js'
import type { Config } from './config.js'
import { connect } from './db/connect.js'
import { migrateToLatest } from './db/migrate.js'
import { exclusively, LOCK_KEYS } from './db/advisory-lock.js'
import { databaseIdempotencyStore } from './db/idempotency-store.js'
import { databaseMockStateStore } from './db/mock-state-store.js'
import type { MockRuntime } from './kit/mock/runtime.js'
import { addMockControlRoutes } from './kit/mock/control-routes.js'
import { WsChannelMock } from './kit/mock/ws/channel-mock.js'
import { systemClock, type AppDeps, type Clock } from './deps.js'
import { contracts } from './services/index.js'
import { generatedFile } from './paths.js'

export interface Server {
  /** Every route through fetch `Request`/`Response` (`app.request()` in tests). */
  app: Hono
  /** The node:http listener `start()` serves: operations on the fast lane, the rest via `app`. */
  listener: import('node:http').RequestListener
  deps: AppDeps
  /** Slugs of the contracts answered by the mock (no real handlers, or SERVE_MODE=mock). */
  mocked: string[]
  /** Loads every contract's validators now (otherwise each contract's first request, or the warm-up after listening, does). */
  ready(): Promise<void>
  /** Listens; resolves with the bound port (useful with PORT=0). */
  start(): Promise<number>
  stop(): Promise<void>
}

/** How long after listening the contracts' validators that no request needed yet are loaded. */
const WARM_UP_AFTER_MS = 1_000

export interface ServerOptions {
  clock?: Clock
  logger?: Logger
  /** How services re-read configuration at run time; defaults to the configuration given. */
  reloadConfig?: () => Readonly<Config>
}

export async function createServer(config: Readonly<Config>, options: ServerOptions = {}): Promise<Server> {
  const logger = options.logger ?? createLogger(config.logLevel)
  const clock = options.clock ?? systemClock
  const database = await connect(config.databaseUrl)
  const applied = await migrateToLatest(
    database.db,
    contracts.map((c) => c.migrations ?? {}),
  )
  if (applied.length) logger.info('database migrated', { applied, dialect: database.dialect })
  // The system clock's milliseconds without a Date per request; a test clock is asked as it is.
  const nowMs = clock === systemClock ? Date.now : () => clock.now().getTime()
  // Several processes on one database share one budget per caller (RATE_LIMIT_STORE).
  const limiter: RateLimiter = config.rateLimitStore === 'database' ? new DatabaseRateLimiter(database.db, nowMs, logger) : new MemoryRateLimiter(nowMs)
  const reloadConfig = options.reloadConfig ?? (() => config)
  const deps: AppDeps = { config, logger, clock, db: database.db, dialect: database.dialect, limiter, reloadConfig }

  const bindings = await Promise.all(contracts.map((def) => def.bind(deps, config.mode)))
  const mounted: ContractToServe[] = contracts.map((def, i) => {
    const binding = bindings[i]
    if (config.mode === 'mock') delete binding.handlers
    const docs = generatedFile('docs', `${def.table.slug}.html`)
    const extra = Object.fromEntries(Object.entries(def.extraSpecs ?? {}).filter(([, f]) => existsSync(f)))
    // Read when first asked for: five pages of ~300 KB are not worth reading at every start.
    let html: string | null | undefined
    const docsHtml = () => (html === undefined ? (html = existsSync(docs) ? readFileSync(docs, 'utf8') : null) : html)
    return { def, binding, docsHtml, extraSpecs: extra }
  })

  // Demo data and the examples' resources are for real handlers; the mock reads none of them.
  if (config.seedExamples && config.mode === 'real') {
    // Several processes starting together on PostgreSQL seed one after the other (the seeds check,
    // then insert: run at once, two would insert the same rows).
    await exclusively(database.db, LOCK_KEYS.seed, async () => {
      for (const def of contracts) await def.seed?.(deps)
    })
  }

  // Mock mode: session state in the database, the scenario files, and the AsyncAPI channels.
  let mockRuntime: MockRuntime | undefined
  const channels: WsChannelMock[] = []
  if (config.mode === 'mock') {
    const [{ scenarios }, { wsTables }] = await Promise.all([import('../generated/mock/scenarios.gen.js'), import('../generated/mock/ws.gen.js')])
    const now = () => clock.now()
    mockRuntime = { store: databaseMockStateStore(database.db, now), scenarios, now }
    for (const m of mounted) {
      for (const name of Object.keys(m.extraSpecs ?? {})) {
        const table = wsTables[name]
        if (!table) continue
        // The handshake's scheme shares its name with the OpenAPI document's: the contract's own verifier.
        const verifier = table.security ? m.binding.verifiers[table.security.scheme] : undefined
        channels.push(new WsChannelMock(table, { verifier, logger: logger.child({ mock: table.address }), now }))
      }
    }
  }

  const { app, listener, ready } = buildContractsApp(mounted, {
    bodyLimitBytes: config.bodyLimitBytes,
    responseValidation: config.responseValidation,
    logger,
    limiter,
    now: () => clock.now(),
    mockMarker: true,
    corsOrigins: config.corsOrigins,
    accessLog: config.logLevel === 'debug' || config.logLevel === 'info',
    idempotency: { store: databaseIdempotencyStore(database.db, { inFlightLeaseSec: config.idempotencyInFlightLeaseSec }), ttlSec: config.idempotencyTtlSec },
    mock: mockRuntime,
    trustProxy: compileTrust(config.trustProxy),
  })
  if (mockRuntime) addMockControlRoutes(app, { store: mockRuntime.store, channels })

  let server: HttpServer | null = null
  let started: Promise<number> | null = null
  return {
    app,
    listener,
    deps,
    mocked: mounted.filter((m) => !m.binding.handlers).map((m) => m.def.table.slug),
    ready,
    // Once: a second call answers the port of the first.
    start: () =>
      (started ??= new Promise((resolve, reject) => {
        const s = createHttpServer(listener)
        s.once('error', reject)
        s.listen(config.port, config.host, () => {
          resolve((s.address() as import('node:net').AddressInfo).port)
          // The contracts not asked for yet load their validators once the first requests are served.
          setTimeout(() => ready().catch((e) => logger.error('validators failed to load', { error: (e as Error).message })), WARM_UP_AFTER_MS).unref()
        })
        server = s
        for (const m of mounted) m.binding.onListen?.(s)
        for (const ch of channels) ch.attach(s)
      })),
    stop: async () => {
      const listening = server
      server = null
      started = null
      // Services close their own long-lived connections first, or the server would wait on them.
      for (const m of mounted) await m.binding.close?.()
      for (const ch of channels) await ch.close()
      if (listening) await new Promise<void>((resolve, reject) => listening.close((err) => (err ? reject(err) : resolve())))
      await database.close()
    },
  }
}
