/**
 * The `Prefer` request header as the mock reads it (Prism's convention): `Prefer: code=404`,
 * `Prefer: example=notFound`, `Prefer: dynamic=true, seed=7`, plus the mock's own `stateful=true`
 * and `scenario=<name>`. A value the mock cannot honour is a problem the client hears about
 * (400), not a preference silently ignored: `seed=abc` or `code=999` is a typo to fix, and so is
 * an unknown key. The preferences RFC 7240 and its successors register (`return`, `wait`,
 * `respond-async`, `handling`, `safe`) and OData's `odata.*` pass, since clients send them for
 * other reasons.
 */
export interface MockPreferences {
  code?: string
  example?: string
  dynamic?: boolean
  seed?: number
  stateful?: boolean
  scenario?: string
}

/** A `Prefer` header the mock refuses, with the sentence that says why. */
export class PreferenceProblem extends Error {}

const REGISTERED = new Set(['return', 'wait', 'respond-async', 'handling', 'safe'])
const NAME = /^[A-Za-z0-9_.-]{1,100}$/

function flag(key: string, value: string): boolean {
  if (value === '' || value === 'true') return true
  if (value === 'false') return false
  throw new PreferenceProblem(`${key}=${value} is not a boolean; use ${key}=true or ${key}=false`)
}

/** Reads the header; throws PreferenceProblem for a value the mock cannot honour. */
export function parsePrefer(header: string | undefined | null): MockPreferences {
  const out: MockPreferences = {}
  if (!header) return out
  for (const part of header.split(/[,;]/)) {
    if (!part.trim()) continue
    const [rawKey, ...rest] = part.split('=')
    const key = rawKey.trim().toLowerCase()
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1')
    switch (key) {
      case 'code':
        if (!/^[1-5]\d\d$/.test(value) && value !== 'default') throw new PreferenceProblem(`code=${value} is not an HTTP status (100-599)`)
        out.code = value
        break
      case 'example':
      case 'scenario':
        if (!NAME.test(value)) throw new PreferenceProblem(`${key}=${value} is not a ${key} name (letters, digits, '.', '_', '-')`)
        out[key] = value
        break
      case 'dynamic':
      case 'stateful':
        out[key] = flag(key, value)
        break
      case 'seed':
        if (!/^\d{1,9}$/.test(value)) throw new PreferenceProblem(`seed=${value} is not a whole number (0-999999999)`)
        out.seed = Number(value)
        break
      default:
        if (REGISTERED.has(key) || key.startsWith('odata.')) break
        throw new PreferenceProblem(`unknown preference ${key}; the mock understands code, example, dynamic, seed, stateful and scenario`)
    }
  }
  if (out.seed !== undefined && !out.dynamic)
    throw new PreferenceProblem(`seed=${out.seed} only applies with dynamic=true (Prefer: dynamic=true, seed=${out.seed})`)
  if (out.dynamic && out.example) throw new PreferenceProblem('example= and dynamic=true exclude each other: an example is a fixed body')
  return out
}
