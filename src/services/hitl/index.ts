/**
 * The HITL approve contract (seed 001): chat graphs on LangGraph that stop at an approval
 * interrupt and resume on approve, reject or modify; durable across restarts (checkpointer).
 */
import { generated } from '../../../generated/hitl/contract.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { HandlerResult } from '../../kit/types.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { hitlErrors } from './errors.js'
import { bindHitlHandlers } from '../../../generated/hitl/handlers.gen.js'
import { hitlMigrations } from './migrations/index.js'
import { hitlVerifiers } from './security.js'
import type { Hitl } from './wiring.js'

/** The service bound to each app's deps, so the seed hook reaches the same graph and checkpointer. */
const bound = new WeakMap<AppDeps, Hitl>()

export const hitl: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: hitlErrors,
  migrations: hitlMigrations,
  bind: async (deps, mode) => {
    const verifiers = hitlVerifiers(deps)
    // The kit compares a result's media type without parameters to the documented one, which
    // for the event stream carries `; charset=utf-8`: answers leave it to the documented type.
    const decorate = (result: HandlerResult) => (result.contentType ? { ...result, contentType: undefined } : result)
    if (mode === 'mock') return { verifiers, decorate }
    // LangGraph, the graphs and the handlers load only for real handlers (not in the mock).
    const [{ createHitl }, { hitlHandlers }] = await Promise.all([import('./wiring.js'), import('./handlers.js')])
    const service = createHitl(deps)
    bound.set(deps, service)
    return { verifiers, handlers: bindHitlHandlers(hitlHandlers, { hitl: service }), close: () => service.close() }
  },
  seed: async (deps) => {
    const service = bound.get(deps)
    if (service) await (await import('./seed.js')).seedHitl(service)
  },
  devCredentials: async ({ config }) => ({ hitlBearer: { Authorization: `Bearer ${config.secrets.hitlApiToken}` } }),
}

/** The running service of an app (tests reach its graph state through it). */
export const hitlServiceOf = (deps: AppDeps): Hitl | undefined => bound.get(deps)
