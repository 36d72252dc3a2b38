/**
 * What services receive from the app: configuration, logger, clock and (once a service needs
 * it) the database. Tests build their own with a fixed clock and an in-memory database.
 */
import type { Config } from './config.js'
import type { Logger } from './kit/logger.js'

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export interface AppDeps {
  config: Readonly<Config>
  logger: Logger
  clock: Clock
}
