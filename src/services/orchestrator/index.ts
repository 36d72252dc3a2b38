/**
 * The orchestrator contract (seed 002): nodes, devices, tasks, emergency resets over REST;
 * node runners over WebSocket JSON-RPC (spec/orchestrator.asyncapi.yaml).
 */
import { generated } from '../../../generated/orchestrator/contract.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { orchestratorErrors } from './errors.js'
import { orchestratorVerifiers } from './security.js'
import { orchestratorRateLimit } from './rate-limit.js'

export const orchestrator: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: orchestratorErrors,
  bind: (deps) => ({
    verifiers: orchestratorVerifiers(deps),
    rateLimit: orchestratorRateLimit(deps.config.orchestratorRateLimit),
    rateLimitHeaders: true,
  }),
}
