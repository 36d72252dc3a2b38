// Loads the eight policy files and validates each against its JSON Schema (draft 2020-12)
// before anything reads it, so a malformed table fails at start-up, not mid-report.
import { readFileSync } from 'node:fs'
import { sourceFile } from '../../../../paths.js'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { POLICY_FILES, type PolicySet } from './types.js'

// From the project root, not this module: in the bundle (dist/bundle) a module-relative path misses.
export const DEFAULT_POLICY_DIR = sourceFile('services', 'saju', 'policies')

export class PolicyLoadError extends Error {
  override name = 'PolicyLoadError'
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new PolicyLoadError(`cannot read policy ${file}: ${(e as Error).message}`)
  }
}

/** Reads and validates every policy in `dir` (schemas from `dir/schemas`). */
export function loadPolicies(dir: string = DEFAULT_POLICY_DIR): PolicySet {
  const ajv = new Ajv2020({ allErrors: true, strict: true })
  const out: Record<string, unknown> = {}
  for (const [key, file] of Object.entries(POLICY_FILES)) {
    const schemaFile = path.join(dir, 'schemas', file.replace(/\.json$/, '.schema.json'))
    const validate = ajv.compile(readJson(schemaFile) as object)
    const data = readJson(path.join(dir, file))
    if (!validate(data)) {
      const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')
      throw new PolicyLoadError(`policy ${file} does not match its schema: ${why}`)
    }
    out[key] = data
  }
  return Object.freeze(out) as unknown as PolicySet
}

let defaults: PolicySet | undefined

/** The shipped policies, loaded once. */
export function defaultPolicies(): PolicySet {
  return (defaults ??= loadPolicies())
}
