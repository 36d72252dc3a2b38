/**
 * `@contract-first/sdk/findori`: the daily market-issue feed (spec/findori.openapi.yaml). The
 * public feed needs no credential; the admin API needs the session cookie that `adminLogin` sets.
 * In a browser the cookie is the browser's (HttpOnly): every call is made with
 * `credentials: 'include'`, so an admin page on another origin (listed in the server's
 * CORS_ORIGINS) sends it. Outside a browser the client keeps the cookie itself: the one
 * `adminLogin` sets, until `adminLogout`, or the `session` you pass.
 *
 * @example
 * const findori = createFindoriClient({ baseUrl: 'https://findori.example.com' })
 * await findori.adminLogin({ body: { password } })
 * const { data } = await findori.listAdminFeeds()
 */
import { createClient } from '../../generated/findori/sdk/client/index.js'
import * as operations from '../../generated/findori/sdk/sdk.gen.js'
import { bindOperations, clientConfig, isObject, plainHeaders, resolveCredential } from './core/bind.js'
import type { BaseClientOptions, Credential, Methods, Outcome } from './core/types.js'

export type * from '../../generated/findori/sdk/types.gen.js'
export { ApiError, NetworkError, SdkError, UnexpectedResponseError } from './core/errors.js'
export type { Answer, Credential, Failure, Outcome, Success } from './core/types.js'

export interface FindoriClientOptions<Throw extends boolean = false> extends BaseClientOptions<Throw> {
  /** The admin session cookie's value, for clients that are not browsers and did not log in themselves. */
  session?: Credential
  /** `CRON_SECRET`, sent as `Authorization: Bearer …` to `runCronPipeline` (security scheme `cronBearer`). */
  cronSecret?: Credential
  /** fetch's credentials mode; `'include'` unless told otherwise, so browsers send the session cookie cross-origin too. */
  credentials?: RequestCredentials
}

export type FindoriClient<Throw extends boolean = false> = Methods<typeof operations, Throw> & {
  /** The session cookie this client holds outside a browser (`undefined` in browsers, where it is HttpOnly). */
  readonly session: string | undefined
}

/** `{ error, message?, details? }` */
const isContractError = (b: unknown) => isObject(b) && typeof b.error === 'string'

/** The `session` cookie's value in a login answer's Set-Cookie headers (readable outside browsers only). */
function sessionFrom(response: Response | undefined): string | undefined {
  const headers = response?.headers as (Headers & { getSetCookie?: () => string[] }) | undefined
  for (const line of headers?.getSetCookie?.() ?? []) {
    const m = /^session=([^;]*)/.exec(line)
    if (m) return m[1] || undefined
  }
  return undefined
}

export function createFindoriClient<Throw extends boolean = false>(options: FindoriClientOptions<Throw>): FindoriClient<Throw> {
  let kept: string | undefined
  const client = createClient({
    ...clientConfig(options),
    credentials: options.credentials ?? 'include',
    auth: () => resolveCredential(options.cronSecret),
  })
  const prepare = async (call: Record<string, any>) => {
    const session = (await resolveCredential(options.session)) ?? kept
    if (!session) return call
    const headers = plainHeaders(call.headers)
    headers.Cookie = [headers.Cookie, `session=${session}`].filter(Boolean).join('; ')
    return { ...call, headers }
  }
  const observe = (operation: string, outcome: Outcome<unknown, unknown>) => {
    if (operation === 'adminLogin' && outcome.response?.ok) kept = sessionFrom(outcome.response) ?? kept
    if (operation === 'adminLogout' && outcome.response?.ok) kept = undefined
    else if (outcome.status === 401 && operation !== 'adminLogin') kept = undefined
  }
  const methods = bindOperations(operations, { client, isContractError, observe, throwOnError: options.throwOnError === true })
  // The cookie is read per call (it may arrive with a login in between), so wrap rather than `prepare`.
  const wrapped: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(methods)) wrapped[name] = async (call: Record<string, unknown> = {}) => method(await prepare(call))
  Object.defineProperty(wrapped, 'session', { get: () => kept, enumerable: false })
  return wrapped as unknown as FindoriClient<Throw>
}
