/**
 * An OpenAPI document with its local `$ref`s resolved, for comparing two versions structurally:
 * a renamed or moved component is no change to a client, only what the operations end up with is.
 * A cycle is cut with `{ $cycle: '<ref>' }`, compared by name.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type Obj = { [key: string]: Json }

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export function loadDocument(file: string): Obj {
  const doc = parse(readFileSync(file, 'utf8')) as unknown
  if (!isObj(doc)) throw new Error(`${file}: not an OpenAPI document`)
  return doc
}

function pointer(doc: Obj, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`)
  let node: Json = doc
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (!isObj(node) || !(key in node)) throw new Error(`unresolved $ref ${ref}`)
    node = node[key]!
  }
  return node
}

/** `node` with every `$ref` replaced by what it points to (siblings of `$ref` kept, as OpenAPI 3.1 allows). */
export function resolve(doc: Obj, node: Json, trail: string[] = []): Json {
  if (Array.isArray(node)) return node.map((n) => resolve(doc, n, trail))
  if (!isObj(node)) return node
  if (typeof node.$ref === 'string') {
    const ref = node.$ref
    if (trail.includes(ref)) return { $cycle: ref }
    const { $ref: _ref, ...siblings } = node
    const target = resolve(doc, pointer(doc, ref), [...trail, ref])
    return isObj(target) ? { ...target, ...(resolve(doc, siblings, trail) as Obj) } : target
  }
  const out: Obj = {}
  for (const [k, v] of Object.entries(node)) out[k] = resolve(doc, v, trail)
  return out
}

export const majorOf = (version: unknown): number | undefined => {
  const m = /^v?(\d+)/.exec(String(version ?? ''))
  return m ? Number(m[1]) : undefined
}
