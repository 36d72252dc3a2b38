/**
 * What services receive from the app: configuration, logger, clock and the database. Tests build their own with a fixed clock and an in-memory database.
 */
import type { Config } from './config.js'
import type { Kysely } from 'kysely'
import type { Logger } from './kit/logger.js'
import type { Database } from './services/database.js'
import type { Dialect } from './db/connect.js'
import type { RateLimiter } from './kit/rate-limit.js'

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export interface AppDeps {
  config: Readonly<Config>
  logger: Logger
  clock: Clock
  db: Kysely<Database>
  dialect: Dialect
  /** The app's request counters, in memory or in the database (an emergency reset may clear some). */
  limiter: RateLimiter
  /** Re-reads the configuration for run-time reloads (an orchestrator L2 reset); secrets stay as started. */
  reloadConfig: () => Readonly<Config>
}
