/**
 * Compares two versions of one OpenAPI document operation by operation (keyed by method and
 * path) and classifies each difference for a client of the older version: removed operations,
 * responses, media types and fields; new required parameters and request fields; narrowed
 * request schemas and widened response schemas (schema-diff.ts); changed security.
 */
import { diffSchema, type Direction } from './schema-diff.js'
import { isObj, type Json, type Obj, resolve } from './resolve.js'

export interface Change {
  breaking: boolean
  /** `listNodes (GET /api/nodes)` */
  operation: string
  /** `response 200 body`, `query parameter limit`, `security`… */
  where: string
  /** `nodes[].status: value "idle" added ([…] → […])` */
  what: string
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']

interface Operation {
  label: string
  op: Obj
  params: Map<string, Obj>
  security: Json[]
}

/** Every operation keyed by `METHOD /path/{}` (parameter names do not change the URL a client calls). */
function operationsOf(doc: Obj): Map<string, Operation> {
  const out = new Map<string, Operation>()
  const paths = isObj(doc.paths) ? doc.paths : {}
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolve(doc, rawItem)
    if (!isObj(item)) continue
    for (const method of METHODS) {
      const op = item[method]
      if (!isObj(op)) continue
      const params = new Map<string, Obj>()
      for (const p of [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        if (!isObj(p)) continue
        const name = String(p.name)
        params.set(`${p.in} ${p.in === 'header' ? name.toLowerCase() : name}`, p)
      }
      const security = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : []
      const label = `${op.operationId ?? '(no operationId)'} (${method.toUpperCase()} ${path})`
      out.set(`${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`, { label, op, params, security })
    }
  }
  return out
}

const requirement = (r: Json) => (isObj(r) ? Object.keys(r).sort().join(' + ') : '')
const showSecurity = (s: Json[]) =>
  s.length
    ? s
        .map(requirement)
        .map((r) => r || 'anonymous')
        .join(' or ')
    : 'none (public)'

function compareSecurity(before: Obj, after: Obj, b: Operation, a: Operation, add: (breaking: boolean, where: string, what: string) => void) {
  const rb = b.security.map(requirement)
  const ra = a.security.map(requirement)
  const publicNow = ra.length === 0 || ra.includes('')
  const lost = rb.filter((r) => !ra.includes(r))
  if (lost.length || rb.length !== ra.length)
    add(!publicNow && lost.length > 0 && rb.length > 0 && !rb.includes(''), 'security', `${showSecurity(b.security)} → ${showSecurity(a.security)}`)
  // The same scheme name may now mean another credential (a header for a cookie, basic for bearer).
  const schemes = (doc: Obj) => (isObj(doc.components) && isObj(doc.components.securitySchemes) ? doc.components.securitySchemes : {})
  const used = new Set(a.security.flatMap((r) => (isObj(r) ? Object.keys(r) : [])))
  for (const name of used) {
    const sb = schemes(before)[name]
    const sa = schemes(after)[name]
    if (!isObj(sb) || !isObj(sa)) continue
    for (const k of ['type', 'scheme', 'in', 'name'])
      if (sb[k] !== sa[k]) add(true, `security scheme ${name}`, `${k} ${JSON.stringify(sb[k])} → ${JSON.stringify(sa[k])}`)
  }
}

function compareContent(
  direction: Direction,
  where: string,
  before: Json | undefined,
  after: Json | undefined,
  add: (breaking: boolean, where: string, what: string) => void,
) {
  const cb = isObj(before) ? before : {}
  const ca = isObj(after) ? after : {}
  for (const type of Object.keys(cb)) {
    if (!(type in ca)) {
      add(
        true,
        where,
        `media type ${type} no longer ${direction === 'request' ? 'accepted' : 'answered'}${Object.keys(ca).length ? ` (now ${Object.keys(ca).join(', ')})` : ''}`,
      )
      continue
    }
    const sb = isObj(cb[type]) ? (cb[type] as Obj).schema : undefined
    const sa = isObj(ca[type]) ? (ca[type] as Obj).schema : undefined
    for (const c of diffSchema(sb, sa, direction)) add(c.breaking, where, c.field ? `${c.field}: ${c.what}` : c.what)
  }
  for (const type of Object.keys(ca)) if (!(type in cb)) add(false, where, `new media type ${type}`)
}

export function compareDocuments(before: Obj, after: Obj): Change[] {
  const changes: Change[] = []
  const ob = operationsOf(before)
  const oa = operationsOf(after)
  for (const [key, b] of ob) {
    const a = oa.get(key)
    const add = (breaking: boolean, where: string, what: string) => changes.push({ breaking, operation: (a ?? b).label, where, what })
    if (!a) {
      add(true, 'operation', 'removed: calls to it now get 404 or 405')
      continue
    }
    compareSecurity(before, after, b, a, add)

    for (const [id, pb] of b.params) {
      const pa = a.params.get(id)
      const where = `${pb.in} parameter ${pb.name}`
      if (!pa) add(false, where, 'removed (no longer read)')
      else {
        if (pb.required !== true && pa.required === true) add(true, where, 'optional → required: calls without it are refused')
        for (const c of diffSchema(pb.schema, pa.schema, 'request')) add(c.breaking, where, c.field ? `${c.field}: ${c.what}` : c.what)
      }
    }
    for (const [id, pa] of a.params)
      if (!b.params.has(id))
        add(pa.required === true, `${pa.in} parameter ${pa.name}`, pa.required === true ? 'new and required: calls without it are refused' : 'new, optional')

    const bb = isObj(b.op.requestBody) ? b.op.requestBody : undefined
    const ba = isObj(a.op.requestBody) ? a.op.requestBody : undefined
    if (!bb && ba) add(ba.required === true, 'request body', ba.required === true ? 'new and required' : 'new, optional')
    else if (bb && !ba) add(true, 'request body', 'no longer accepted')
    else if (bb && ba) {
      if (bb.required !== true && ba.required === true) add(true, 'request body', 'optional → required')
      compareContent('request', 'request body', bb.content, ba.content, add)
    }

    const rb = isObj(b.op.responses) ? b.op.responses : {}
    const ra = isObj(a.op.responses) ? a.op.responses : {}
    for (const status of Object.keys(rb)) {
      const where = `response ${status}`
      if (!(status in ra)) {
        add(true, where, 'removed')
        continue
      }
      const hb = isObj(rb[status]) && isObj((rb[status] as Obj).headers) ? ((rb[status] as Obj).headers as Obj) : {}
      const ha = isObj(ra[status]) && isObj((ra[status] as Obj).headers) ? ((ra[status] as Obj).headers as Obj) : {}
      for (const [name, h] of Object.entries(hb))
        if (isObj(h) && h.required === true && !Object.keys(ha).some((n) => n.toLowerCase() === name.toLowerCase()))
          add(true, `${where} header ${name}`, 'removed')
      compareContent(
        'response',
        `${where} body`,
        isObj(rb[status]) ? (rb[status] as Obj).content : undefined,
        isObj(ra[status]) ? (ra[status] as Obj).content : undefined,
        add,
      )
    }
    for (const status of Object.keys(ra)) if (!(status in rb)) add(false, `response ${status}`, 'new')
  }
  for (const [key, a] of oa) if (!ob.has(key)) changes.push({ breaking: false, operation: a.label, where: 'operation', what: 'new' })
  return changes
}
