/**
 * What services receive from the app: configuration, logger, clock and the database. Tests build their own with a fixed clock and an in-memory database.
 */
import type { Config } from './config.js'
import type { Kysely } from 'kysely'
import type { Logger } from './kit/logger.js'
import type { Database } from './db/schema.js'
import type { Dialect } from './db/connect.js'

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
}
