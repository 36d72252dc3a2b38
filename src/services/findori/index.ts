/**
 * The findori contract (seed 003): daily market-issue feed, OG images, admin, RSS pipeline, cron.
 * Served by the mock until its service lands.
 */
import { generated } from '../../../generated/findori/contract.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { findoriErrors } from './errors.js'
import { findoriVerifiers } from './security.js'
import { issueSession } from './session.js'

export const findori: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: findoriErrors,
  devCredentials: async ({ config, clock }) => ({
    cronBearer: { Authorization: `Bearer ${config.secrets.cronSecret}` },
    sessionCookie: { Cookie: `session=${await issueSession(config.secrets.findoriSessionSecret, clock.now())}` },
  }),
  bind: (deps) => ({ verifiers: findoriVerifiers(deps) }),
}
