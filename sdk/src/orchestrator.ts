/**
 * `@contract-first/sdk/orchestrator`: the device-farm orchestrator's REST API
 * (spec/orchestrator.openapi.yaml) with its admin bearer token.
 *
 * @example
 * const orch = createOrchestratorClient({ baseUrl: 'https://orch.example.com', token: ORCH_ADMIN_TOKEN })
 * const { data, error } = await orch.listNodes()
 * if (error?.kind === 'api') console.log(error.body.code, error.body.message)
 */
import { createClient } from '../../generated/orchestrator/sdk/client/index.js'
import * as operations from '../../generated/orchestrator/sdk/sdk.gen.js'
import { bindOperations, clientConfig, isObject, resolveCredential } from './core/bind.js'
import type { BaseClientOptions, Credential, Methods } from './core/types.js'

export type * from '../../generated/orchestrator/sdk/types.gen.js'
export { ApiError, NetworkError, SdkError, UnexpectedResponseError } from './core/errors.js'
export type { Answer, Credential, Failure, Outcome, Success } from './core/types.js'

export interface OrchestratorClientOptions<Throw extends boolean = false> extends BaseClientOptions<Throw> {
  /** `ORCH_ADMIN_TOKEN`, sent as `Authorization: Bearer …` (security scheme `adminBearer`). */
  token?: Credential
}

export type OrchestratorClient<Throw extends boolean = false> = Methods<typeof operations, Throw>

/** `{ error, message, code, details, timestamp, request_id }` */
const isContractError = (b: unknown) => isObject(b) && typeof b.error === 'string' && typeof b.code === 'string' && typeof b.message === 'string'

export function createOrchestratorClient<Throw extends boolean = false>(options: OrchestratorClientOptions<Throw>): OrchestratorClient<Throw> {
  const client = createClient({ ...clientConfig(options), auth: () => resolveCredential(options.token) })
  return bindOperations(operations, { client, isContractError, throwOnError: options.throwOnError === true }) as unknown as OrchestratorClient<Throw>
}
