/**
 * `@contract-first/sdk/operator`: the trading execution plane (spec/operator.openapi.yaml). Two
 * bearer credentials: the operator's (`OPERATOR_API_TOKEN`, every operation but one) and the
 * export plane's (`OPERATOR_EXPORT_TOKEN`, publishing an export only).
 *
 * @example
 * const op = createOperatorClient({ baseUrl: 'https://ops.example.com', token: OPERATOR_API_TOKEN })
 * const { data, error } = await op.generateDraft()
 * if (error?.kind === 'api') alert(error.body.detail)
 */
import { createClient } from '../../generated/operator/sdk/client/index.js'
import * as operations from '../../generated/operator/sdk/sdk.gen.js'
import { bindOperations, clientConfig, isObject, resolveCredential } from './core/bind.js'
import type { BaseClientOptions, Credential, Methods } from './core/types.js'

export type * from '../../generated/operator/sdk/types.gen.js'
export { ApiError, NetworkError, SdkError, UnexpectedResponseError } from './core/errors.js'
export type { Answer, Credential, Failure, Outcome, Success } from './core/types.js'

export interface OperatorClientOptions<Throw extends boolean = false> extends BaseClientOptions<Throw> {
  /** `OPERATOR_API_TOKEN` (security scheme `operatorBearer`). */
  token?: Credential
  /** `OPERATOR_EXPORT_TOKEN` (security scheme `exportBearer`), for `publishLatestExport`. */
  exportToken?: Credential
}

export type OperatorClient<Throw extends boolean = false> = Methods<typeof operations, Throw>

/**
 * The operations secured by `exportBearer`; every other secured one is `operatorBearer`. Both are
 * http bearer, so the generated operations cannot tell them apart (test/sdk checks this against the spec).
 */
export const EXPORT_OPERATIONS: readonly string[] = ['publishLatestExport']

/** FastAPI's `{ detail: string }`, or 422's `{ detail: [{ loc, msg, type, pointer }] }` */
const isContractError = (b: unknown) => isObject(b) && (typeof b.detail === 'string' || Array.isArray(b.detail))

export function createOperatorClient<Throw extends boolean = false>(options: OperatorClientOptions<Throw>): OperatorClient<Throw> {
  const client = createClient({ ...clientConfig(options), auth: () => resolveCredential(options.token) })
  const prepare = (operation: string, call: Record<string, unknown>) =>
    EXPORT_OPERATIONS.includes(operation) ? { ...call, auth: () => resolveCredential(options.exportToken) } : call
  return bindOperations(operations, { client, isContractError, prepare, throwOnError: options.throwOnError === true }) as unknown as OperatorClient<Throw>
}
