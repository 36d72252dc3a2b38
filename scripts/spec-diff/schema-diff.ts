/**
 * Compares two resolved JSON Schemas in one direction and says which differences break a
 * client. A request schema breaks clients when it accepts less than before (narrowed: a value
 * or type removed, a new or stricter pattern or bound, a new required field, extra fields now
 * refused); a response schema breaks them when it may now hold what a client has not seen
 * (a field removed or no longer always there, a new type or enum value).
 */
import { isObj, type Json, type Obj } from './resolve.js'

export type Direction = 'request' | 'response'

export interface SchemaChange {
  breaking: boolean
  /** Field path in the body, e.g. `nodes[].status` (empty: the body itself). */
  field: string
  /** What changed, before → after, in words. */
  what: string
}

const show = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v))
const join = (path: string, key: string) => (path ? `${path}.${key}` : key)

/** The JSON types a schema admits (`integer` is inside `number`); undefined when unconstrained. */
function typesOf(s: Obj): Set<string> | undefined {
  if (s.type === undefined) return undefined
  return new Set(Array.isArray(s.type) ? (s.type as string[]) : [s.type as string])
}
const admits = (types: Set<string>, t: string) => types.has(t) || (t === 'integer' && types.has('number'))

function valuesOf(s: Obj): Json[] | undefined {
  if (Array.isArray(s.enum)) return s.enum
  if ('const' in s) return [s.const!]
  return undefined
}

/** Bounds: for each, which way is narrower. */
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const

export function diffSchema(before: Json | undefined, after: Json | undefined, direction: Direction, field = '', depth = 0): SchemaChange[] {
  const out: SchemaChange[] = []
  const add = (breaking: boolean, what: string, at = field) => out.push({ breaking, field: at, what })
  if (!isObj(before) || !isObj(after) || depth > 40) return out
  if ('$cycle' in before || '$cycle' in after) {
    if (before.$cycle !== after.$cycle) add(false, `recursive schema ${show(before.$cycle)} → ${show(after.$cycle)}`)
    return out
  }
  const req = direction === 'request'

  // Types: a request that loses a type refuses what it took; a response that gains one sends what clients never saw.
  const tb = typesOf(before)
  const ta = typesOf(after)
  if (tb || ta) {
    const removed = tb ? [...tb].filter((t) => !ta || !admits(ta, t)) : []
    const added = ta ? [...ta].filter((t) => !tb || !admits(tb, t)) : []
    if (!tb && ta) add(req, `type unconstrained → ${show([...ta])}`)
    else if (tb && !ta) add(!req, `type ${show([...tb])} → unconstrained`)
    else if (removed.length || added.length) add((req && removed.length > 0) || (!req && added.length > 0), `type ${show([...tb!])} → ${show([...ta!])}`)
  }

  // Enumerated values.
  const vb = valuesOf(before)
  const va = valuesOf(after)
  if (vb || va) {
    const key = (v: Json) => JSON.stringify(v)
    const removed = vb && va ? vb.filter((v) => !va.some((w) => key(w) === key(v))) : []
    const added = vb && va ? va.filter((v) => !vb.some((w) => key(w) === key(v))) : []
    if (!vb && va) add(req, `any value → only ${show(va)}`)
    else if (vb && !va) add(!req, `only ${show(vb)} → any value`)
    else {
      if (removed.length) add(req, `value${removed.length > 1 ? 's' : ''} ${removed.map((v) => show(v)).join(', ')} removed (${show(vb)} → ${show(va)})`)
      if (added.length) add(!req, `value${added.length > 1 ? 's' : ''} ${added.map((v) => show(v)).join(', ')} added (${show(vb)} → ${show(va)})`)
    }
  }

  // Patterns, formats and bounds narrow what a request may send; in a response they only describe.
  if (before.pattern !== after.pattern) add(req && after.pattern !== undefined, `pattern ${show(before.pattern)} → ${show(after.pattern)}`)
  if (before.format !== after.format) add(req && after.format !== undefined, `format ${show(before.format)} → ${show(after.format)}`)
  for (const k of LOWER) {
    const b = before[k] as number | undefined
    const a = after[k] as number | undefined
    if (b !== a) add(req && a !== undefined && (b === undefined || a > b), `${k} ${show(b)} → ${show(a)}`)
  }
  for (const k of UPPER) {
    const b = before[k] as number | undefined
    const a = after[k] as number | undefined
    if (b !== a) add(req && a !== undefined && (b === undefined || a < b), `${k} ${show(b)} → ${show(a)}`)
  }

  // Objects: fields, required fields, extra fields.
  const pb = isObj(before.properties) ? before.properties : {}
  const pa = isObj(after.properties) ? after.properties : {}
  // Server-assigned fields are not sent (readOnly), secrets are never returned (writeOnly).
  const hidden = (s: Json | undefined) => isObj(s) && (req ? s.readOnly === true : s.writeOnly === true)
  const rb = new Set(Array.isArray(before.required) ? (before.required as string[]) : [])
  const ra = new Set(Array.isArray(after.required) ? (after.required as string[]) : [])
  const closedAfter = after.additionalProperties === false
  for (const name of new Set([...Object.keys(pb), ...Object.keys(pa), ...rb, ...ra])) {
    const at = join(field, name)
    const inB = name in pb && !hidden(pb[name])
    const inA = name in pa && !hidden(pa[name])
    if (inB && !inA) {
      if (req)
        add(
          closedAfter,
          closedAfter ? 'field removed, and extra fields are refused: a client still sending it is refused' : 'field removed (ignored if sent)',
          at,
        )
      else add(true, 'field removed from the answer', at)
      continue
    }
    if (!inB && inA) {
      if (req && ra.has(name)) add(true, 'new required field: a request without it is refused', at)
      else add(false, req ? 'new optional field' : 'new field in the answer', at)
      continue
    }
    if (!inB && !inA) continue
    if (req && !rb.has(name) && ra.has(name)) add(true, 'optional → required: a request without it is refused', at)
    if (req && rb.has(name) && !ra.has(name)) add(false, 'required → optional', at)
    if (!req && rb.has(name) && !ra.has(name)) add(true, 'always present → may be missing', at)
    if (!req && !rb.has(name) && ra.has(name)) add(false, 'may be missing → always present', at)
    out.push(...diffSchema(pb[name], pa[name], direction, at, depth + 1))
  }
  const openB = before.additionalProperties !== false
  if (before.type === 'object' || after.type === 'object' || Object.keys(pb).length || Object.keys(pa).length) {
    if (openB && closedAfter) add(req, 'extra fields allowed → refused (additionalProperties: false)')
    if (!openB && !closedAfter) add(!req, 'extra fields refused → allowed')
  }
  if (isObj(before.additionalProperties) || isObj(after.additionalProperties))
    out.push(...diffSchema(before.additionalProperties, after.additionalProperties, direction, join(field, '*'), depth + 1))

  // Arrays and variants.
  if (before.items !== undefined || after.items !== undefined) out.push(...diffSchema(before.items, after.items, direction, `${field}[]`, depth + 1))
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const b = Array.isArray(before[k]) ? (before[k] as Json[]) : []
    const a = Array.isArray(after[k]) ? (after[k] as Json[]) : []
    if (!b.length && !a.length) continue
    if (b.length !== a.length) {
      // allOf adds constraints with each part; oneOf/anyOf add alternatives.
      const narrower = k === 'allOf' ? a.length > b.length : a.length < b.length
      add(req ? narrower : !narrower, `${k}: ${b.length} → ${a.length} schemas`)
    }
    for (let i = 0; i < Math.min(a.length, b.length); i++) out.push(...diffSchema(b[i], a[i], direction, `${field}<${k}[${i}]>`, depth + 1))
  }
  return out
}
