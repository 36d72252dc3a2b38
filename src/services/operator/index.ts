/**
 * The operator contract (seed 000): draft preview, token-gated submit (LIVE / DRY_RUN), ops
 * summary and ticket regeneration over an artifact store, the operator dashboard page.
 * Operator routes take OPERATOR_API_TOKEN; publishing an export takes OPERATOR_EXPORT_TOKEN.
 */
import { generated } from '../../../generated/operator/contract.gen.js'
import { bindOperatorHandlers } from '../../../generated/operator/handlers.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { operatorErrors } from './errors.js'
import { operatorHandlers } from './handlers.js'
import { operatorMigrations } from './migrations/index.js'
import { operatorRateLimit } from './rate-limit.js'
import { operatorDevCredentials, operatorVerifiers } from './security.js'
import { seedOperator } from './seed.js'
import { createOperator } from './wiring.js'

export const operator: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: operatorErrors,
  migrations: operatorMigrations,
  bind: (deps, mode) => {
    const verifiers = operatorVerifiers(deps)
    if (mode === 'mock') return { verifiers }
    return { verifiers, rateLimit: operatorRateLimit, handlers: bindOperatorHandlers(operatorHandlers, { op: createOperator(deps) }) }
  },
  seed: (deps) => seedOperator(createOperator(deps)),
  devCredentials: operatorDevCredentials,
}
