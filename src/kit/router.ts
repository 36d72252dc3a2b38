/**
 * The operation lookup of the node fast lane (see node-lane.ts): method and raw path → the route
 * and its decoded path parameters. Routes are the generated tables' OpenAPI templates, whose
 * parameters are always whole segments (`/api/devices/{device_id}/command`).
 *
 * Static paths are one Map lookup. Templated paths are bucketed by method and segment count and
 * tried in specificity order (a literal segment before a parameter at the same position, as
 * OpenAPI asks: `/feeds/latest` wins over `/feeds/{date}`). It answers only what Hono would
 * answer the same way; anything it declines (a percent-encoded or unusual path) goes to Hono.
 */
export interface RouteMatch<T> {
  value: T
  params: Record<string, string>
}

interface Templated<T> {
  /** Literal text per segment, or null where a parameter sits. */
  literals: (string | null)[]
  names: (string | null)[]
  value: T
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>

export class RouteMatcher<T> {
  private readonly exact = new Map<string, Map<string, T>>()
  private readonly templated = new Map<string, Map<number, Templated<T>[]>>()

  /** `template` in OpenAPI form; the first route added for a method and path wins. */
  add(method: string, template: string, value: T): void {
    const m = method.toUpperCase()
    const segments = template.split('/')
    if (!template.includes('{')) {
      let paths = this.exact.get(m)
      if (!paths) this.exact.set(m, (paths = new Map()))
      if (!paths.has(template)) paths.set(template, value)
      return
    }
    const literals = segments.map((s) => (/^\{[^{}]+\}$/.test(s) ? null : s))
    if (segments.some((s, i) => literals[i] !== null && s.includes('{'))) throw new Error(`${template}: a parameter must be a whole path segment`)
    const names = segments.map((s, i) => (literals[i] === null ? s.slice(1, -1) : null))
    let byCount = this.templated.get(m)
    if (!byCount) this.templated.set(m, (byCount = new Map()))
    const bucket = byCount.get(segments.length) ?? []
    bucket.push({ literals, names, value })
    // Specificity: at the first position where two templates differ in kind, the literal wins.
    bucket.sort((a, b) => {
      for (let i = 0; i < a.literals.length; i++) {
        const la = a.literals[i] !== null
        const lb = b.literals[i] !== null
        if (la !== lb) return la ? -1 : 1
      }
      return 0
    })
    byCount.set(segments.length, bucket)
  }

  /**
   * `path` is the raw request path (no query). Returns null for no route, and for paths the
   * lane leaves to Hono: percent-encoded ones (Hono decodes before matching).
   */
  match(method: string, path: string): RouteMatch<T> | null {
    const found = this.exact.get(method)?.get(path)
    if (found !== undefined) return { value: found, params: NO_PARAMS }
    if (path.includes('%')) return null
    const segments = path.split('/')
    const bucket = this.templated.get(method)?.get(segments.length)
    if (!bucket) return null
    for (const t of bucket) {
      let ok = true
      for (let i = 0; i < segments.length; i++) {
        const lit = t.literals[i]
        if (lit === null ? segments[i] === '' : lit !== segments[i]) {
          ok = false
          break
        }
      }
      if (!ok) continue
      const params: Record<string, string> = {}
      for (let i = 0; i < segments.length; i++) if (t.names[i] !== null) params[t.names[i]!] = segments[i]
      return { value: t.value, params }
    }
    return null
  }
}
