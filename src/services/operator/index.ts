/**
 * The operator contract (seed 000): draft preview, token-gated submit, ops summary and ticket
 * regeneration, the operator dashboard page. No HTTP auth scheme: the LIVE token is in the body.
 */
import { table } from '../../../generated/operator/routes.gen.js'
import { validators } from '../../../generated/operator/validators.gen.js'
import { examples } from '../../../generated/operator/examples.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { operatorErrors } from './errors.js'

export const operator: ContractDefinition<AppDeps> = {
  table,
  validators: validators as ContractDefinition['validators'],
  examples,
  loadMockSchemas: () => import('../../../generated/operator/mock-schemas.gen.js'),
  specFile: specFile('operator.openapi.yaml'),
  errors: operatorErrors,
  bind: () => ({ verifiers: {} }),
}
