/**
 * The orchestrator contract (seed 002): nodes, devices, tasks, emergency resets over REST;
 * node runners over WebSocket JSON-RPC (spec/orchestrator.asyncapi.yaml).
 */
import { table } from '../../../generated/orchestrator/routes.gen.js'
import { validators } from '../../../generated/orchestrator/validators.gen.js'
import { examples } from '../../../generated/orchestrator/examples.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { orchestratorErrors } from './errors.js'
import { orchestratorVerifiers } from './security.js'
import { orchestratorRateLimit } from './rate-limit.js'

export const orchestrator: ContractDefinition<AppDeps> = {
  table,
  validators: validators as ContractDefinition['validators'],
  examples,
  loadMockSchemas: () => import('../../../generated/orchestrator/mock-schemas.gen.js'),
  specFile: specFile('orchestrator.openapi.yaml'),
  errors: orchestratorErrors,
  bind: (deps) => ({
    verifiers: orchestratorVerifiers(deps),
    rateLimit: orchestratorRateLimit(deps.config.orchestratorRateLimit),
    rateLimitHeaders: true,
  }),
}
