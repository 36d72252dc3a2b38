/**
 * Findori's running parts, built once per app: the password hash, the login throttle, the
 * pipeline (with its fetcher and market-data adapter), the OG render cache and the optional
 * in-process schedule (croner, UTC, off unless FINDORI_SCHEDULE is set).
 */
import { Cron } from 'croner'
import type { AppDeps } from '../../deps.js'
import { LoginThrottle } from './login-throttle.js'
import { OgCache } from './og/og-cache.js'
import { hashPassword } from './password.js'
import { httpFeedFetcher, type FeedFetcher } from './pipeline/fetch-feed.js'
import { articleMarketData, type MarketData } from './pipeline/market-data.js'
import { Pipeline } from './pipeline/pipeline.js'

export interface FindoriService {
  deps: AppDeps
  throttle: LoginThrottle
  /** The admin password's KDF hash (a development password is hashed once, lazily). */
  passwordHash: () => Promise<string>
  pipeline: Pipeline
  og: OgCache
  schedule: Cron | null
  close(): Promise<void>
}

export function createFindori(deps: AppDeps, adapters: { fetcher?: FeedFetcher; market?: MarketData } = {}): FindoriService {
  const cfg = deps.config.findori
  let hashed: Promise<string> | null = null
  const passwordHash = () =>
    (hashed ??= cfg.adminPasswordHash ? Promise.resolve(cfg.adminPasswordHash) : hashPassword(deps.config.secrets.findoriAdminPassword))
  const fetcher =
    adapters.fetcher ??
    httpFeedFetcher({ timeoutMs: cfg.fetchTimeoutMs, maxBytes: cfg.fetchMaxBytes, maxRedirects: cfg.fetchMaxRedirects, allowPrivate: cfg.fetchAllowPrivate })
  const pipeline = new Pipeline({ db: deps.db, clock: deps.clock, logger: deps.logger, fetcher, market: adapters.market ?? articleMarketData })
  // protect: a tick while the previous run is still going is skipped (the database lock guards other processes).
  const schedule = cfg.schedule
    ? new Cron(cfg.schedule, { timezone: 'UTC', protect: true }, async () => {
        const outcome = await pipeline.run('schedule')
        if (!outcome) deps.logger.info('findori scheduled run skipped: another run holds the lock')
      })
    : null
  return {
    deps,
    throttle: new LoginThrottle(deps.db),
    passwordHash,
    pipeline,
    og: new OgCache(),
    schedule,
    async close() {
      schedule?.stop()
      await pipeline.idle()
    },
  }
}
