/**
 * The HITL approve contract (seed 001): approve / reject / modify an interrupted agent graph.
 */
import { table } from '../../../generated/hitl/routes.gen.js'
import { validators } from '../../../generated/hitl/validators.gen.js'
import { examples } from '../../../generated/hitl/examples.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { hitlErrors } from './errors.js'

export const hitl: ContractDefinition<AppDeps> = {
  table,
  validators: validators as ContractDefinition['validators'],
  examples,
  loadMockSchemas: () => import('../../../generated/hitl/mock-schemas.gen.js'),
  specFile: specFile('hitl.openapi.yaml'),
  errors: hitlErrors,
  bind: () => ({ verifiers: {} }),
}
