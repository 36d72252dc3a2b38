/**
 * The findori contract (seed 003): daily market-issue feed, OG images, admin, RSS pipeline, cron.
 * Served by the mock until its service lands.
 */
import { table } from '../../../generated/findori/routes.gen.js'
import { validators } from '../../../generated/findori/validators.gen.js'
import { examples } from '../../../generated/findori/examples.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { findoriErrors } from './errors.js'
import { findoriVerifiers } from './security.js'

export const findori: ContractDefinition<AppDeps> = {
  table,
  validators: validators as ContractDefinition['validators'],
  examples,
  loadMockSchemas: () => import('../../../generated/findori/mock-schemas.gen.js'),
  specFile: specFile('findori.openapi.yaml'),
  errors: findoriErrors,
  bind: (deps) => ({ verifiers: findoriVerifiers(deps) }),
}
