/**
 * `@contract-first/sdk/hitl`: the human-in-the-loop approval API (spec/hitl.openapi.yaml) with
 * its bearer token (`HITL_API_TOKEN`).
 *
 * @example
 * const hitl = createHitlClient({ baseUrl: 'https://hitl.example.com', token: HITL_API_TOKEN })
 * const { data } = await hitl.createApprovalThread({ body: { message: '삼성전자 10주 매수' } })
 */
import { createClient } from '../../generated/hitl/sdk/client/index.js'
import * as operations from '../../generated/hitl/sdk/sdk.gen.js'
import { bindOperations, clientConfig, isObject, resolveCredential } from './core/bind.js'
import type { BaseClientOptions, Credential, Methods } from './core/types.js'

export type * from '../../generated/hitl/sdk/types.gen.js'
export { ApiError, NetworkError, SdkError, UnexpectedResponseError } from './core/errors.js'
export type { Answer, Credential, Failure, Outcome, Success } from './core/types.js'

export interface HitlClientOptions<Throw extends boolean = false> extends BaseClientOptions<Throw> {
  /** `HITL_API_TOKEN`, sent as `Authorization: Bearer …` (security scheme `hitlBearer`). */
  token?: Credential
}

export type HitlClient<Throw extends boolean = false> = Methods<typeof operations, Throw>

/** `{ success: false, error, message, detail? }` */
const isContractError = (b: unknown) => isObject(b) && b.success === false && typeof b.error === 'string'

export function createHitlClient<Throw extends boolean = false>(options: HitlClientOptions<Throw>): HitlClient<Throw> {
  const client = createClient({ ...clientConfig(options), auth: () => resolveCredential(options.token) })
  return bindOperations(operations, { client, isContractError, throwOnError: options.throwOnError === true }) as unknown as HitlClient<Throw>
}
