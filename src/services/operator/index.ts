/**
 * The operator contract (seed 000): draft preview, token-gated submit, ops summary and ticket
 * regeneration, the operator dashboard page. No HTTP auth scheme: the LIVE token is in the body.
 */
import { generated } from '../../../generated/operator/contract.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { operatorErrors } from './errors.js'

export const operator: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: operatorErrors,
  bind: () => ({ verifiers: {} }),
}
