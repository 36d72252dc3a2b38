/**
 * The three ways a call can fail, as values (or thrown, with `throwOnError: true`). `kind` tells
 * them apart without `instanceof` (which breaks when two copies of the package are bundled).
 */

/** Base of every error the SDK returns or throws. */
export abstract class SdkError extends Error {
  abstract readonly kind: 'api' | 'unexpected' | 'network'
}

/** What a short message can say about a contract error body: its own code and message, whatever the contract calls them. */
function summary(body: unknown): string {
  if (!body || typeof body !== 'object') return ''
  const b = body as Record<string, unknown>
  const code = [b.error_code, b.code, b.error].find((v) => typeof v === 'string')
  const message = [b.message, b.detail].find((v) => typeof v === 'string')
  return [code, message].filter(Boolean).length ? `: ${[code, message].filter(Boolean).join(' ')}` : ''
}

/**
 * An error answer in the contract's own error shape (`body` is typed by the operation's
 * documented error responses), e.g. saju's `{ error_code, message, trace_id, … }`.
 */
export class ApiError<Body = unknown> extends SdkError {
  readonly kind = 'api' as const
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly body: Body,
    readonly response: Response,
  ) {
    super(`${operation}: HTTP ${status}${summary(body)}`)
    this.name = 'ApiError'
  }
  /** The `X-Request-Id` the server answered with: quote it when asking the API's owners. */
  get requestId(): string | undefined {
    return this.response.headers.get('X-Request-Id') ?? undefined
  }
}

/** A non-2xx answer that is not in the contract's error shape: a proxy's HTML page, an empty 502, a path the API does not serve. */
export class UnexpectedResponseError extends SdkError {
  readonly kind = 'unexpected' as const
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly body: unknown,
    readonly response: Response,
  ) {
    super(`${operation}: HTTP ${status} that is not in the contract's error shape`)
    this.name = 'UnexpectedResponseError'
  }
}

/** No answer at all: connection refused, DNS failure, a browser's CORS refusal, an abort. `cause` is what fetch threw. */
export class NetworkError extends SdkError {
  readonly kind = 'network' as const
  constructor(
    readonly operation: string,
    readonly method: string,
    readonly url: string,
    override readonly cause: unknown,
  ) {
    super(`${operation}: no answer from ${method} ${url}${cause instanceof Error ? ` (${cause.message})` : ''}`)
    this.name = 'NetworkError'
  }
}
