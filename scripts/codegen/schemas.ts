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

/** The document-wide schema registered once per direction; operation schemas `$ref` into it. */
export function componentsSchema(slug: string, doc: JsonObject, direction: Direction): JsonObject {
  const base = schemaBase(slug, direction)
  return {
    $id: base,
    components: { schemas: directional(doc.components?.schemas ?? {}, direction, base) },
  }
}
