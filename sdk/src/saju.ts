/**
 * `@contract-first/sdk/saju`: the four-pillars API (spec/saju.openapi.yaml) behind a bearer JWT.
 * Every call carries an `X-Request-Id` (the client makes one when you give none: the contract
 * requires it); `withIdempotencyKey` runs a call under one `Idempotency-Key` and retries it with
 * the same key; `verifySignature` checks a body's `signatures.sha256` and the answer's `X-Signature`.
 *
 * @example
 * const saju = createSajuClient({ baseUrl: 'https://saju.example.com', token: jwt })
 * const r = await saju.withIdempotencyKey((key) => saju.createSajuReport({ body, headers: { 'Idempotency-Key': key } }))
 * if (r.data) console.log((await saju.verifySignature(r.data, r.response)).ok)
 * else if (r.error.kind === 'api') console.log(r.error.body.error_code, r.error.body.trace_id)
 */
import { createClient } from '../../generated/saju/sdk/client/index.js'
import * as operations from '../../generated/saju/sdk/sdk.gen.js'
import { bindOperations, clientConfig, hasHeader, isObject, plainHeaders, randomId, resolveCredential } from './core/bind.js'
import type { SdkError } from './core/errors.js'
import type { BaseClientOptions, Credential, Methods } from './core/types.js'
import { checkSignature, type SignatureCheck, type SigningJwk } from './saju-signature.js'

export type * from '../../generated/saju/sdk/types.gen.js'
export { ApiError, NetworkError, SdkError, UnexpectedResponseError } from './core/errors.js'
export type { Answer, Credential, Failure, Outcome, Success } from './core/types.js'
export { bodyDigest, canonicalBody, checkSignature, parseXSignature, type SignatureCheck, type SigningJwk } from './saju-signature.js'

export interface SajuClientOptions<Throw extends boolean = false> extends BaseClientOptions<Throw> {
  /** The user's API token (a JWT), sent as `Authorization: Bearer …` (security scheme `bearerAuth`). */
  token?: Credential
  /** Makes the `X-Request-Id` of a call that brings none (default `req_` + a random id). */
  requestId?: () => string
  /**
   * The server's public signing keys to trust for `verifySignature` (pinned, e.g. shipped with
   * the app). Default: the keys `GET /api/v1/signing-keys` lists, asked once per client.
   */
  signingKeys?: SigningJwk[]
}

export interface IdempotentOptions {
  /** The key to use (default: a fresh random one). */
  key?: string
  /** How many times to send the call in all (default 3). */
  attempts?: number
  /** Wait before attempt n+1: `delayMs × n` milliseconds (default 250). */
  delayMs?: number
}

export type SajuClient<Throw extends boolean = false> = Methods<typeof operations, Throw, 'X-Request-Id'> & {
  /** A fresh random `Idempotency-Key`. */
  idempotencyKey(): string
  /**
   * Runs `call` with one Idempotency-Key and, when it got no answer or a 5xx (the server keeps
   * neither), sends it again with the SAME key, so the server does the work at most once and a
   * repeated request gets the first answer back (`Idempotency-Replayed: true`).
   */
  withIdempotencyKey<T>(call: (key: string) => Promise<T>, options?: IdempotentOptions): Promise<T>
  /**
   * Checks a saju body: `signatures.sha256` (RFC 8785 + SHA-256), and, given the answer (or its
   * `X-Signature` value), the server's Ed25519 signature against `GET /api/v1/signing-keys`.
   */
  verifySignature(body: unknown, signed?: Response | string | null): Promise<SignatureCheck>
}

/** `{ error_code, message, trace_id, hint, details?, signatures }` */
const isContractError = (b: unknown) => isObject(b) && typeof b.error_code === 'string' && typeof b.message === 'string'

/** A failure worth sending again under the same key: no answer, or a 5xx (neither is stored by the server). */
function retriable(value: unknown): boolean {
  const error = (isObject(value) && 'error' in value ? value.error : value) as SdkError | undefined
  if (!error || typeof error !== 'object' || !('kind' in error)) return false
  return error.kind === 'network' || ((error.kind === 'api' || error.kind === 'unexpected') && (error as unknown as { status: number }).status >= 500)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function createSajuClient<Throw extends boolean = false>(options: SajuClientOptions<Throw>): SajuClient<Throw> {
  const client = createClient({ ...clientConfig(options), auth: () => resolveCredential(options.token) })
  const requestId = options.requestId ?? (() => `req_${randomId().replace(/-/g, '')}`)
  const prepare = (_operation: string, call: Record<string, any>) => {
    const headers = plainHeaders(call.headers)
    if (!hasHeader(headers, 'X-Request-Id')) headers['X-Request-Id'] = requestId()
    return { ...call, headers }
  }
  const methods = bindOperations(operations, { client, isContractError, prepare, throwOnError: options.throwOnError === true })

  let keys: Promise<SigningJwk[]> | undefined
  const publishedKeys = (refresh = false) => {
    if (options.signingKeys) return Promise.resolve(options.signingKeys)
    if (!keys || refresh) {
      keys = (async () => {
        const r = (await methods.getSigningKeys!().catch((e: unknown) => ({ error: e }))) as { data?: { keys?: SigningJwk[] } }
        return r.data?.keys ?? []
      })()
    }
    return keys
  }

  const extras = {
    idempotencyKey: randomId,
    async withIdempotencyKey<T>(call: (key: string) => Promise<T>, opts: IdempotentOptions = {}): Promise<T> {
      const key = opts.key ?? randomId()
      const attempts = Math.max(1, opts.attempts ?? 3)
      for (let n = 1; ; n++) {
        let result: T
        try {
          result = await call(key)
        } catch (e) {
          if (n >= attempts || !retriable(e)) throw e
          await sleep((opts.delayMs ?? 250) * n)
          continue
        }
        if (n >= attempts || !retriable(result)) return result
        await sleep((opts.delayMs ?? 250) * n)
      }
    },
    async verifySignature(body: unknown, signed?: Response | string | null): Promise<SignatureCheck> {
      const header = typeof signed === 'string' || signed == null ? signed : signed.headers.get('X-Signature')
      const first = await checkSignature(body, header, () => publishedKeys())
      // A key this client has not seen yet (the server rotated): ask once more before saying no.
      if (!options.signingKeys && first.authentic === false && first.reason?.startsWith('no published'))
        return checkSignature(body, header, () => publishedKeys(true))
      return first
    },
  }
  return Object.assign(methods, extras) as unknown as SajuClient<Throw>
}
