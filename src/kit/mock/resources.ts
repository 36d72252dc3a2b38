/**
 * Which operations of a contract create, read, list, update and delete the same resource, so a
 * stateful mock session can answer a GET with what a POST created. The rule, per POST whose
 * success answer is JSON:
 *
 * 1. The item path: the path of the success answer's documented `Location` header example when
 *    there is one (`/api/tasks/task-12345` → `/api/tasks/{task_id}`), else the POST's own path
 *    plus one parameter segment (`/api/v1/profiles` → `/api/v1/profiles/{profile_id}`).
 * 2. Read, update and delete are the GET, PUT/PATCH and DELETE operations on the item path; list
 *    is the GET on the item path's parent.
 * 3. The id is the created body's field named like the item path's parameter (`profile_id`),
 *    else its `id` field.
 *
 * A scenario file's `resources:` entry replaces the guess for its create operation (e.g. an id
 * nested in the body, or an item path the rule cannot see).
 */
import type { ContractExamples, RouteDef } from '../types.js'
import type { ResourceMapping } from './runtime.js'
import { getAt, isObject } from './shape.js'

export interface Resource {
  /** The collection name state is kept under (the list, read or create operation's id). */
  collection: string
  create: string
  read?: string
  list?: string
  update: string[]
  remove?: string
  /** JSON pointer of the id in the created body. */
  idPointer: string
  /** The item path's parameter carrying the id (read, update, delete). */
  param: string | null
}

export type Role = 'create' | 'read' | 'list' | 'update' | 'remove'

const templateRegex = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}$`)
const lastParam = (path: string) => /\/\{([^}/]+)\}$/.exec(path)?.[1] ?? null
const parentOf = (path: string) => path.replace(/\/[^/]+$/, '')

export const successStatus = (route: RouteDef) =>
  Object.keys(route.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort()[0]

function headerValue(headers: Record<string, unknown> | undefined, name: string): unknown {
  if (!headers) return undefined
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  return key ? headers[key] : undefined
}

function guess(post: RouteDef, routes: RouteDef[], examples: ContractExamples): Resource | null {
  const status = successStatus(post)
  if (!status || !post.responses[status].json) return null
  const documented = examples[post.operationId]?.responses[status]
  const body = documented && Object.values(documented.examples)[0]
  const location = headerValue(documented?.headers, 'location')
  const itemPath =
    typeof location === 'string'
      ? routes.find((r) => r.method === 'get' && templateRegex(r.path).test(location.split('?')[0]))?.path
      : routes.find((r) => r !== post && lastParam(r.path) && parentOf(r.path) === post.path)?.path
  const param = itemPath ? lastParam(itemPath) : null
  if (!itemPath || !param || !isObject(body)) return null
  const idPointer = getAt(body, `/${param}`) !== undefined ? `/${param}` : getAt(body, '/id') !== undefined ? '/id' : null
  if (!idPointer) return null
  const on = (method: string, path: string) => routes.filter((r) => r.method === method && r.path === path).map((r) => r.operationId)
  const read = on('get', itemPath)[0]
  const list = on('get', parentOf(itemPath))[0]
  return {
    collection: list ?? read ?? post.operationId,
    create: post.operationId,
    read,
    list,
    update: [...on('put', itemPath), ...on('patch', itemPath)],
    remove: on('delete', itemPath)[0],
    idPointer,
    param,
  }
}

function explicit(m: ResourceMapping, routes: RouteDef[]): Resource {
  const byId = (id: string | undefined) => (id ? routes.find((r) => r.operationId === id) : undefined)
  const itemPath = byId(m.read)?.path ?? byId(m.remove)?.path ?? byId(m.update?.[0])?.path
  return {
    collection: m.list ?? m.read ?? m.create,
    create: m.create,
    read: m.read,
    list: m.list,
    update: m.update ?? [],
    remove: m.remove,
    idPointer: m.id,
    param: itemPath ? lastParam(itemPath) : null,
  }
}

/** Each operation's role in a resource, for one contract (explicit mappings win over guesses). */
export function resourceRoles(routes: RouteDef[], examples: ContractExamples, mappings: ResourceMapping[]): Map<string, { role: Role; resource: Resource }> {
  const resources: Resource[] = mappings.map((m) => explicit(m, routes))
  const mapped = new Set(mappings.map((m) => m.create))
  for (const post of routes.filter((r) => r.method === 'post' && !mapped.has(r.operationId))) {
    const r = guess(post, routes, examples)
    if (r) resources.push(r)
  }
  const roles = new Map<string, { role: Role; resource: Resource }>()
  for (const resource of resources) {
    const claim = (id: string | undefined, role: Role) => {
      if (id && !roles.has(id)) roles.set(id, { role, resource })
    }
    claim(resource.create, 'create')
    claim(resource.read, 'read')
    claim(resource.list, 'list')
    claim(resource.remove, 'remove')
    for (const u of resource.update) claim(u, 'update')
  }
  return roles
}
