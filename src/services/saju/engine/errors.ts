// The one error type of the engine: an input it refuses, with a reason a person can act on.
// Expected refusals (impossible dates, unknown zones) are this; anything else is a bug.

export type SajuErrorCode = 'E_BAD_REQUEST' | 'E_UNPROCESSABLE'

export class SajuInputError extends Error {
  readonly code: SajuErrorCode
  readonly field: string | undefined
  constructor(code: SajuErrorCode, message: string, field?: string) {
    super(message)
    this.name = 'SajuInputError'
    this.code = code
    this.field = field
  }
}
