/**
 * The one route matcher of the kit, for both transports (Hono's fetch path and the node lane):
 * method and raw request path → the operation and its decoded path parameters, or why not
 * (404, or 405 with the methods that path allows), and which operation's contract owns the path
 * when nothing matches (the one sharing the longest prefix with it), so a miss is answered in
 * the shape of the API it was meant for.
 *
 * Templates are OpenAPI's (`/api/devices/{device_id}/command`); a parameter is always a whole
 * segment. Matching works on segments of the raw path, each percent-decoded once: a literal
 * segment before a parameter at the first position two templates differ (`/feeds/latest` wins
 * over `/feeds/{date}`, as OpenAPI asks); an empty segment, `.` or `..` never binds a parameter
 * (dot segments are not resolved: no route has one, so such a path is a 404 of its owner).
 */
export interface RouteFound<T> {
  kind: 'found'
  value: T
  params: Record<string, string>
}

export interface RouteMiss<T> {
  kind: 'not_found' | 'method_not_allowed'
  /** For 405: the documented methods of that path, upper case, sorted. */
  allow: string[]
  /** The route whose template shares the longest prefix with the path; null when none does. */
  owner: T | null
}

export type RouteLookup<T> = RouteFound<T> | RouteMiss<T>

interface Template<T> {
  method: string
  /** Literal text per segment, or null where a parameter sits. */
  literals: (string | null)[]
  names: (string | null)[]
  value: T
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>

/** The segments of a raw path, percent-decoded; null when an escape is malformed. */
function segmentsOf(path: string): string[] | null {
  const raw = path.split('/')
  if (!path.includes('%')) return raw
  try {
    return raw.map((s) => (s.includes('%') ? decodeURIComponent(s) : s))
  } catch {
    return null
  }
}

const bindable = (segment: string) => segment !== '' && segment !== '.' && segment !== '..'

export class RouteMatcher<T> {
  /** method → raw static path → value: the common case is one Map lookup. */
  private readonly exact = new Map<string, Map<string, T>>()
  /** method → segment count → templates in specificity order. */
  private readonly templated = new Map<string, Map<number, Template<T>[]>>()
  /** Every route, for the rare questions (405, owner). */
  private readonly all: Template<T>[] = []

  /** `template` in OpenAPI form; the first route added for a method and path wins. */
  add(method: string, template: string, value: T): void {
    const m = method.toUpperCase()
    const segments = template.split('/')
    const literals = segments.map((s) => (/^\{[^{}]+\}$/.test(s) ? null : s))
    if (segments.some((s, i) => literals[i] !== null && (s.includes('{') || s.includes('}'))))
      throw new Error(`${template}: a parameter must be a whole path segment`)
    const names = segments.map((s, i) => (literals[i] === null ? s.slice(1, -1) : null))
    const t: Template<T> = { method: m, literals, names, value }
    if (this.all.some((o) => o.method === m && sameShape(o, t))) return
    this.all.push(t)
    if (!names.some((n) => n !== null)) {
      let paths = this.exact.get(m)
      if (!paths) this.exact.set(m, (paths = new Map()))
      paths.set(template, value)
      return
    }
    let byCount = this.templated.get(m)
    if (!byCount) this.templated.set(m, (byCount = new Map()))
    const bucket = byCount.get(segments.length) ?? []
    bucket.push(t)
    bucket.sort(bySpecificity)
    byCount.set(segments.length, bucket)
  }

  /** The route for `method` (upper case) and the raw request path (no query), or why none. */
  lookup(method: string, path: string): RouteLookup<T> {
    const found = this.exact.get(method)?.get(path)
    if (found !== undefined) return { kind: 'found', value: found, params: NO_PARAMS }
    const segments = segmentsOf(path)
    if (segments) {
      if (path.includes('%')) {
        const decoded = this.exact.get(method)?.get(segments.join('/'))
        if (decoded !== undefined && segments.every((s, i) => i === 0 || bindable(s))) return { kind: 'found', value: decoded, params: NO_PARAMS }
      }
      const bucket = this.templated.get(method)?.get(segments.length)
      if (bucket) {
        for (const t of bucket) {
          if (!fits(t, segments)) continue
          const params: Record<string, string> = {}
          for (let i = 0; i < segments.length; i++) if (t.names[i] !== null) params[t.names[i]!] = segments[i]
          return { kind: 'found', value: t.value, params }
        }
      }
    }
    return this.miss(segments, path)
  }

  /** Documented methods for a raw path, upper case and sorted (empty when no route has it). */
  allowedMethods(path: string): string[] {
    const segments = segmentsOf(path)
    if (!segments) return []
    return [...new Set(this.all.filter((t) => t.literals.length === segments.length && fits(t, segments)).map((t) => t.method))].sort()
  }

  private miss(decoded: string[] | null, path: string): RouteMiss<T> {
    // A malformed escape matches nothing; its raw segments still tell whose prefix it is.
    const segments = decoded ?? path.split('/')
    const matching = decoded ? this.all.filter((t) => t.literals.length === segments.length && fits(t, segments)) : []
    if (matching.length) {
      return { kind: 'method_not_allowed', allow: [...new Set(matching.map((t) => t.method))].sort(), owner: matching[0].value }
    }
    let best = 0
    let owner: T | null = null
    for (const t of this.all) {
      const n = sharedPrefix(t, segments)
      if (n > best) [best, owner] = [n, t.value]
    }
    return { kind: 'not_found', allow: [], owner }
  }
}

function fits<T>(t: Template<T>, segments: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const lit = t.literals[i]
    if (lit === null ? !bindable(segments[i]) : lit !== segments[i]) return false
  }
  return true
}

/** Leading segments (after the root) a template shares with a path, a parameter fitting any. */
function sharedPrefix<T>(t: Template<T>, segments: string[]): number {
  let n = 0
  for (let i = 1; i < t.literals.length && i < segments.length; i++) {
    const lit = t.literals[i]
    if (lit === null ? !bindable(segments[i]) : lit !== segments[i]) break
    n++
  }
  return n
}

const sameShape = <T>(a: Template<T>, b: Template<T>) => a.literals.length === b.literals.length && a.literals.every((l, i) => l === b.literals[i])

/** At the first position where two templates differ in kind, the literal wins. */
function bySpecificity<T>(a: Template<T>, b: Template<T>): number {
  for (let i = 0; i < a.literals.length; i++) {
    const la = a.literals[i] !== null
    const lb = b.literals[i] !== null
    if (la !== lb) return la ? -1 : 1
  }
  return 0
}
