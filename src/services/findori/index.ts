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

export const findori: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: findoriErrors,
  bind: (deps) => ({ verifiers: findoriVerifiers(deps) }),
}
