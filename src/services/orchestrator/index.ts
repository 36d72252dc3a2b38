/**
 * The orchestrator contract (seed 002): nodes, devices, tasks, emergency resets over REST;
 * node runners over WebSocket JSON-RPC (spec/orchestrator.asyncapi.yaml).
 */
import { generated } from '../../../generated/orchestrator/contract.gen.js'
import { bindOrchestratorHandlers } from '../../../generated/orchestrator/handlers.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { orchestratorErrors } from './errors.js'
import { orchestratorVerifiers } from './security.js'
import { orchestratorRateLimit } from './rate-limit.js'
import { orchestratorHandlers } from './handlers.js'
import { createOrchestrator } from './wiring.js'
import { orchestratorMigrations } from './migrations/index.js'
import { seedOrchestratorExamples } from './seed.js'

export const orchestrator: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: orchestratorErrors,
  migrations: orchestratorMigrations,
  extraSpecs: { 'orchestrator.asyncapi.yaml': specFile('orchestrator.asyncapi.yaml') },
  seed: seedOrchestratorExamples,
  devCredentials: async ({ config }) => ({
    adminBearer: { Authorization: `Bearer ${config.secrets.orchAdminToken}` },
    nodeBearer: { Authorization: `Bearer ${config.secrets.orchNodeToken}` },
  }),
  bind: (deps, mode) => {
    const common = { verifiers: orchestratorVerifiers(deps), rateLimitHeaders: true }
    if (mode === 'mock') return { ...common, rateLimit: orchestratorRateLimit(() => deps.config.orchestratorRateLimit) }
    const orch = createOrchestrator(deps)
    return {
      ...common,
      rateLimit: orchestratorRateLimit(() => orch.settings.limits),
      handlers: bindOrchestratorHandlers(orchestratorHandlers, { orch }),
      onListen: orch.onListen,
      close: () => orch.close(),
    }
  },
}
