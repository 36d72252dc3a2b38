/**
 * Every contract this server implements, in the order the index page lists them.
 */
import type { ContractDefinition } from '../kit/contract.js'
import type { AppDeps } from '../deps.js'
import { operator } from './operator/index.js'
import { hitl } from './hitl/index.js'
import { orchestrator } from './orchestrator/index.js'
import { findori } from './findori/index.js'
import { saju } from './saju/index.js'

export const contracts: ContractDefinition<AppDeps>[] = [operator, hitl, orchestrator, findori, saju]
