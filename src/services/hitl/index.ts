/**
 * The HITL approve contract (seed 001): chat graphs on LangGraph that stop at an approval
 * interrupt and resume on approve, reject or modify; durable across restarts (checkpointer).
 */
import { generated } from '../../../generated/hitl/contract.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { hitlErrors } from './errors.js'
import { hitlHandlers } from './handlers.js'
import { hitlMigrations } from './migrations/index.js'
import { hitlVerifiers } from './security.js'
import { seedHitl } from './seed.js'
import { createHitl, type Hitl } from './service.js'

/** The service bound to each app's deps, so the seed hook reaches the same graph and checkpointer. */
const bound = new WeakMap<AppDeps, Hitl>()

export const hitl: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: hitlErrors,
  migrations: hitlMigrations,
  bind: (deps, mode) => {
    const verifiers = hitlVerifiers(deps)
    if (mode === 'mock') return { verifiers }
    const service = createHitl(deps)
    bound.set(deps, service)
    return { verifiers, handlers: hitlHandlers, context: { hitl: service }, close: () => service.close() }
  },
  seed: async (deps) => {
    const service = bound.get(deps)
    if (service) await seedHitl(service)
  },
  devCredentials: async ({ config }) => ({ hitlBearer: { Authorization: `Bearer ${config.secrets.hitlApiToken}` } }),
}

/** The running service of an app (tests reach its graph state through it). */
export const hitlServiceOf = (deps: AppDeps): Hitl | undefined => bound.get(deps)
