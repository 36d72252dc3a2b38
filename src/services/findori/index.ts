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
import { findoriMigrations } from './migrations/index.js'
import { findoriVerifiers } from './security.js'
import { issueSession } from './session.js'

export const findori: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: findoriErrors,
  migrations: findoriMigrations,
  seed: async (deps) => (await import('./seed.js')).seedFindori(deps),
  devCredentials: async (deps) => ({
    sessionCookie: { Cookie: `session=${await issueSession(deps)}` },
    cronBearer: { Authorization: `Bearer ${deps.config.secrets.cronSecret}` },
  }),
  bind: async (deps, mode) => {
    const verifiers = findoriVerifiers(deps)
    if (mode === 'mock') return { verifiers }
    // The pipeline (feed parser), OG renderer and password hashing load only for real handlers.
    const [{ createFindori }, { findoriHandlers }] = await Promise.all([import('./wiring.js'), import('./handlers.js')])
    const findori = createFindori(deps)
    return {
      verifiers,
      handlers: bindFindoriHandlers(findoriHandlers, { findori }),
      // Outside tests, parse the OG fonts soon after the server listens rather than on the first
      // share; not at once, so the first requests after a start are not queued behind ~0.4 s of
      // font parsing on the one thread.
      onListen: () => {
        if (deps.config.env === 'test') return
        const warm = () => findori.og.warm().catch((e) => deps.logger.warn('findori: OG warm-up failed', { err: (e as Error).message }))
        setTimeout(warm, 2_000).unref()
      },
      close: () => findori.close(),
    }
  },
}
