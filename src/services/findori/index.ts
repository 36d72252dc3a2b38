/**
 * The findori contract (seed 003): daily market-issue feed, OG images, admin with server-side
 * sessions, the RSS pipeline (manual, cron endpoint, optional in-process schedule).
 */
import { generated } from '../../../generated/findori/contract.gen.js'
import { bindFindoriHandlers } from '../../../generated/findori/handlers.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { findoriErrors } from './errors.js'
import { findoriHandlers } from './handlers.js'
import { findoriMigrations } from './migrations/index.js'
import { findoriVerifiers } from './security.js'
import { seedFindori } from './seed.js'
import { createFindori } from './wiring.js'
import { issueSession } from './session.js'

export const findori: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: findoriErrors,
  migrations: findoriMigrations,
  seed: seedFindori,
  devCredentials: async (deps) => ({
    sessionCookie: { Cookie: `session=${await issueSession(deps)}` },
    cronBearer: { Authorization: `Bearer ${deps.config.secrets.cronSecret}` },
  }),
  bind: (deps, mode) => {
    const verifiers = findoriVerifiers(deps)
    if (mode === 'mock') return { verifiers }
    const findori = createFindori(deps)
    return {
      verifiers,
      handlers: bindFindoriHandlers(findoriHandlers, { findori }),
      // Outside tests, parse the OG fonts once the server listens rather than on the first share.
      onListen: () => {
        if (deps.config.env !== 'test') findori.og.warm().catch((e) => deps.logger.warn('findori: OG warm-up failed', { err: (e as Error).message }))
      },
      close: () => findori.close(),
    }
  },
}
