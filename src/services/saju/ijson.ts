/**
 * I-JSON (RFC 7493) check on request bodies: RFC 8785 cannot canonicalize a string holding a lone
 * UTF-16 surrogate, so such input is refused (400) rather than stored and signed in altered form.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The JSON pointer of the first string (value or key) with a lone surrogate, or null. */
export function loneSurrogateAt(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || '/' : null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = loneSurrogateAt(value[i], `${path}/${i}`)
      if (hit) return hit
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`
      if (LONE_SURROGATE.test(k)) return here
      const hit = loneSurrogateAt(v, here)
      if (hit) return hit
    }
  }
  return null
}
