/**
 * The HITL approve contract (seed 001): approve / reject / modify an interrupted agent graph.
 */
import { generated } from '../../../generated/hitl/contract.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { hitlErrors } from './errors.js'

export const hitl: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: hitlErrors,
  bind: () => ({ verifiers: {} }),
}
