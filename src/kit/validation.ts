/**
 * Runs a precompiled validator and turns Ajv's errors into field issues a client can act on:
 * the pointer names the offending field itself (for `required`, the missing property; for
 * `additionalProperties`, the unexpected one), and the message says what was expected.
 */
import type { FieldIssue } from './errors.js'
import type { AjvErrorLike, ParamLocation, ValidateFn } from './types.js'

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

function describe(e: AjvErrorLike): { pointer: string; message: string } {
  switch (e.keyword) {
    case 'required':
      return { pointer: `${e.instancePath}/${escapePointer(e.params.missingProperty)}`, message: 'is required' }
    case 'additionalProperties':
      return { pointer: `${e.instancePath}/${escapePointer(e.params.additionalProperty)}`, message: 'is not allowed here' }
    case 'enum':
      return { pointer: e.instancePath, message: `must be one of ${e.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}` }
    case 'const':
      return { pointer: e.instancePath, message: `must be ${JSON.stringify(e.params.allowedValue)}` }
    case 'false schema':
      return { pointer: e.instancePath, message: 'is not allowed here' }
    default:
      return { pointer: e.instancePath, message: e.message ?? e.keyword }
  }
}

/** Issues for one failed validation; `if`/`oneOf` wrappers are dropped in favour of their causes. */
export function issuesOf(validate: ValidateFn, location: ParamLocation | 'body'): FieldIssue[] {
  const errors = validate.errors ?? []
  const specific = errors.filter((e) => e.keyword !== 'if' && !(e.keyword === 'oneOf' && errors.length > 1) && !(e.keyword === 'anyOf' && errors.length > 1))
  const seen = new Set<string>()
  const out: FieldIssue[] = []
  for (const e of specific.length ? specific : errors) {
    const { pointer, message } = describe(e)
    const key = `${pointer}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ location, pointer, message, keyword: e.keyword })
  }
  return out
}

/** One-line summary for logs: `body/params/duration must be >= 1; query/limit must be <= 100`. */
export const summarizeIssues = (issues: FieldIssue[]) => issues.map((i) => `${i.location}${i.pointer} ${i.message}`).join('; ')
