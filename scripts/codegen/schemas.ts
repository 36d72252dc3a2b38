/**
 * Turns a spec's schemas into the two directional variants the validators use.
 * OpenAPI's readOnly/writeOnly are annotations to JSON Schema, so Ajv ignores them: we apply them
 * here instead. Request direction: a readOnly property is never required. Response direction: a
 * writeOnly property is never required and may not appear at all (its schema becomes `false`).
 */
import type { JsonObject } from './spec-doc.js'

export type Direction = 'request' | 'response'

export const schemaBase = (slug: string, direction: Direction) => `https://contracts.local/${slug}/${direction}`

/** Deep copy that applies readOnly/writeOnly for one direction and re-points local `$ref`s. */
export function directional(schema: unknown, direction: Direction, base: string): any {
  if (Array.isArray(schema)) return schema.map((s) => directional(s, direction, base))
  if (!schema || typeof schema !== 'object') return schema
  const src = schema as JsonObject
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(src)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out.$ref = base + value
    else if (key === 'example' || key === 'examples' || key === 'xml' || key === 'externalDocs') continue
    else out[key] = directional(value, direction, base)
  }
  if (src.properties && typeof src.properties === 'object') {
    const dropped = new Set<string>()
    for (const [name, prop] of Object.entries<JsonObject>(src.properties)) {
      if (!prop || typeof prop !== 'object') continue
      if (direction === 'request' && prop.readOnly === true) dropped.add(name)
      if (direction === 'response' && prop.writeOnly === true) {
        dropped.add(name)
        out.properties[name] = false
      }
    }
    if (Array.isArray(out.required) && dropped.size) {
      out.required = out.required.filter((n: string) => !dropped.has(n))
      if (!out.required.length) delete out.required
    }
  }
  return out
}

/**
 * Largest integer a JavaScript number (hence JSON.parse, hence every handler and the database
 * driver) holds exactly: 2^53 − 1. Past it `9223372036854775808` and `1e20` are still "integers"
 * to JSON Schema, yet reach SQLite as values it refuses, and `1e400` parses to Infinity.
 */
export const SAFE_INTEGER_MAX = Number.MAX_SAFE_INTEGER

/**
 * Kept verbatim: values that are instance data, not schemas, and the conditions `not` and `if`,
 * where a bound added would change which values match rather than refuse more of them.
 */
const VERBATIM = new Set(['const', 'enum', 'default', 'examples', 'example', 'not', 'if'])
/** Keywords whose values map names to schemas (a property may be called `enum` or `default`). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'schemas'])

/**
 * Keyword (registered by validators.ts) refusing Infinity on numeric nodes of coerced parameters:
 * Ajv coerces the query string `1e400` (or `Infinity`) to Infinity without re-checking that it is
 * finite, and its `maximum` skips non-finite numbers, so the bound alone does not catch it.
 */
export const FINITE_KEYWORD = 'x-finite'

const isType = (type: unknown, name: string) => type === name || (Array.isArray(type) && type.includes(name))

/**
 * Copy in which every schema whose `type` is or includes `integer` and has no upper (lower) bound,
 * exclusive or not, gets `maximum: 2^53 − 1` (`minimum: −(2^53 − 1)`): a too-large integer is
 * then refused as out of range by the validator instead of failing later (spec/README.md). With
 * `coerced` (parameters, which arrive as strings), numeric nodes also get the finite keyword.
 * Applied to validators only; the documents and the mock's schemas keep the spec's own bounds.
 */
export function safeNumbers(schema: unknown, coerced: boolean, inSchemaMap = false): any {
  if (Array.isArray(schema)) return schema.map((s) => safeNumbers(s, coerced))
  if (!schema || typeof schema !== 'object') return schema
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(schema as JsonObject)) {
    out[key] = !inSchemaMap && VERBATIM.has(key) ? value : safeNumbers(value, coerced, !inSchemaMap && SCHEMA_MAPS.has(key))
  }
  if (inSchemaMap) return out
  if (isType(out.type, 'integer')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = SAFE_INTEGER_MAX
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -SAFE_INTEGER_MAX
  }
  if (coerced && (isType(out.type, 'integer') || isType(out.type, 'number'))) out[FINITE_KEYWORD] = true
  return out
}

/** The document-wide schema registered once per direction; operation schemas `$ref` into it. */
export function componentsSchema(slug: string, doc: JsonObject, direction: Direction, coerced = false): JsonObject {
  const base = schemaBase(slug, direction)
  return {
    $id: base,
    components: { schemas: safeNumbers(directional(doc.components?.schemas ?? {}, direction, base), coerced, true) },
  }
}
