/**
 * Stateful answers in a mock session (`Prefer: stateful=true` or `X-Mock-Session`): a create
 * stores its answer (the documented example with the request's fields overlaid and a fresh id),
 * read and list answer from what the session created, update overlays the request and delete
 * forgets. A session starts empty: reading an id it did not create answers the operation's
 * documented 404 (the plain example when none is documented). Lists show the session's
 * resources in creation order, without applying filters or pages.
 */
import type { HandlerResult, RouteDef } from '../types.js'
import type { Resource, Role } from './resources.js'
import type { MockStateStore } from './runtime.js'
import { freshId, getAt, isObject, overlay, setAt, withId, type Valid } from './shape.js'

export interface StatefulRequest {
  route: RouteDef
  role: Role
  resource: Resource
  session: string
  store: MockStateStore
  path: Record<string, unknown>
  body: unknown
  /** The plain answer for a status (documented example and headers), or null when undocumented. */
  plain: (status: string) => HandlerResult | null
  valid: (status: string) => Valid
  success: string
}

/** Attempts at a fresh id the response schema accepts (a pattern the example's shape misses). */
const ID_ATTEMPTS = 5
const COUNT_FIELDS = ['total', 'count', 'stored', 'total_count']

/** Where a read answer may carry the id: the created body's field, the path parameter's name, or `id`. */
const idPointers = (resource: Resource) => [resource.idPointer, ...(resource.param ? [`/${resource.param}`] : []), '/id']

function notFound(r: StatefulRequest): HandlerResult | null {
  return r.plain('404')
}

export async function statefulAnswer(r: StatefulRequest): Promise<HandlerResult | null> {
  const { resource, store, session } = r
  const base = r.plain(r.success)
  if (!base) return null
  const valid = r.valid(r.success)
  const id = resource.param ? r.path[resource.param] : undefined

  switch (r.role) {
    case 'create': {
      const exampleId = getAt(base.body, resource.idPointer)
      let body = overlay(base.body, r.body, valid)
      let newId: unknown = exampleId
      for (let i = 0; i < ID_ATTEMPTS; i++) {
        const candidate = setAt(body, resource.idPointer, freshId(exampleId))
        if (valid(candidate)) {
          body = candidate
          newId = getAt(candidate, resource.idPointer)
          break
        }
      }
      await store.put(session, resource.collection, String(newId), body)
      const headers = { ...base.headers }
      for (const [k, v] of Object.entries(headers)) {
        if (typeof v !== 'string') continue
        // The Location names the new resource: its last segment is the id (the example's may differ from its body's).
        if (k.toLowerCase() === 'location') headers[k] = v.replace(/[^/]*$/, encodeURIComponent(String(newId)))
        else if (v.includes(String(exampleId))) headers[k] = v.split(String(exampleId)).join(String(newId))
      }
      return { ...base, body, headers }
    }
    case 'read': {
      const stored = await store.get(session, resource.collection, String(id))
      if (stored === undefined) return notFound(r)
      return { ...base, body: withId(overlay(base.body, stored, valid), id, idPointers(resource), valid) }
    }
    case 'update': {
      const stored = await store.get(session, resource.collection, String(id))
      if (stored === undefined) return notFound(r)
      const updated = isObject(stored) && isObject(r.body) ? { ...stored, ...r.body } : stored
      await store.put(session, resource.collection, String(id), updated)
      return base.body === undefined ? base : { ...base, body: overlay(base.body, updated, valid) }
    }
    case 'remove': {
      const removed = await store.remove(session, resource.collection, String(id))
      return removed ? base : notFound(r)
    }
    case 'list': {
      const items = await store.list(session, resource.collection)
      return { ...base, body: listBody(base.body, items, valid) }
    }
  }
}

/** The list example with its array replaced by the session's items, each shaped like the example's first item. */
function listBody(example: unknown, items: unknown[], valid: Valid): unknown {
  const key = Array.isArray(example) ? null : isObject(example) ? Object.keys(example).find((k) => Array.isArray(example[k])) : undefined
  if (key === undefined) return example
  const array = (key === null ? example : (example as Record<string, unknown>)[key]) as unknown[]
  const template = array[0]
  const wrap = (list: unknown[]) => {
    if (key === null) return list
    const out: Record<string, unknown> = { ...(example as Record<string, unknown>), [key]: list }
    for (const f of COUNT_FIELDS) if (typeof out[f] === 'number') out[f] = list.length
    return out
  }
  // Shaped like the documented item (a list item often shows fewer fields than the resource).
  const shaped = template === undefined ? items : items.map((it) => (isObject(template) && isObject(it) ? pick(template, it) : it))
  const body = wrap(shaped)
  return valid(body) ? body : wrap(items.filter((it) => valid(wrap([it]))))
}

const pick = (template: Record<string, unknown>, item: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(template).map((k) => [k, Object.hasOwn(item, k) ? item[k] : template[k]]))
