/**
 * Loading an OpenAPI document and walking it: the few helpers every generator step shares.
 * Only local references (`#/...`) exist in our specs (spec/README.md), so resolution is a lookup.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parse } from 'yaml'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: any }

export interface SpecDoc {
  slug: string
  file: string
  doc: JsonObject
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

export function loadSpec(file: string): SpecDoc {
  const doc = parse(readFileSync(file, 'utf8')) as JsonObject
  const slug = basename(file).replace(/\.openapi\.ya?ml$/, '')
  return { slug, file, doc }
}

/** Follows `$ref` chains of a component (parameter, response, example, header, request body). */
export function deref<T = JsonObject>(doc: JsonObject, node: any): T {
  let current = node
  const seen = new Set<string>()
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref: string = current.$ref
    if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`)
    if (seen.has(ref)) throw new Error(`circular $ref: ${ref}`)
    seen.add(ref)
    current = ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((acc: any, key) => (acc == null ? undefined : acc[key]), doc)
    if (current === undefined) throw new Error(`unresolved $ref: ${ref}`)
  }
  return current as T
}

export interface OperationRef {
  method: (typeof HTTP_METHODS)[number]
  path: string
  op: JsonObject
  pathItem: JsonObject
}

export function operations(doc: JsonObject): OperationRef[] {
  const out: OperationRef[] = []
  for (const [path, pathItem] of Object.entries<JsonObject>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = pathItem[method]
      if (op) out.push({ method, path, op, pathItem })
    }
  }
  return out
}

export interface ParameterSpec {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  schema: JsonObject
  example: unknown
  style?: string
  explode?: boolean
}

/** Path-level parameters merged with operation-level ones (the latter win by name + location). */
export function parametersOf(doc: JsonObject, ref: OperationRef): ParameterSpec[] {
  const byKey = new Map<string, ParameterSpec>()
  for (const raw of [...(ref.pathItem.parameters ?? []), ...(ref.op.parameters ?? [])]) {
    const p = deref<JsonObject>(doc, raw)
    byKey.set(`${p.in}:${p.name}`, {
      name: p.name,
      in: p.in,
      required: p.in === 'path' ? true : Boolean(p.required),
      schema: deref<JsonObject>(doc, p.schema ?? {}),
      example: p.example,
      style: p.style,
      explode: p.explode,
    })
  }
  return [...byKey.values()]
}

export function isJsonMediaType(contentType: string): boolean {
  return /^application\/([a-z0-9.+-]*\+)?json$/i.test(contentType)
}

/** `getNode` → `GetNode`: the type-name prefix @hey-api/openapi-ts derives from an operationId. */
export function pascalCase(operationId: string): string {
  return operationId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('')
}
