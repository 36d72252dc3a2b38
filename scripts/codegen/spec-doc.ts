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

/**
 * A spec the generator cannot turn into code faithfully. The message names the spec file, the
 * operation and the JSON pointer of the offending node; `make gen` prints it and fails.
 */
export class SpecError extends Error {
  constructor(file: string, where: string, pointer: string, problem: string) {
    super(`${file}: ${where ? `${where}: ` : ''}${problem} (at ${pointer})`)
    this.name = 'SpecError'
  }
}

/** `#/paths/~1api~1nodes/get`: a JSON pointer (RFC 6901) from unescaped tokens. */
export const pointer = (...tokens: (string | number)[]) => '#' + tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('')

/**
 * Every local `$ref` in the document must resolve: an unresolved one would otherwise surface as
 * an Ajv compile error without a location, or as `unknown` in the generated types.
 */
const DATA_KEYS = new Set(['example', 'examples', 'value', 'default', 'const', 'enum'])
/** Maps from a name to a schema or component: a property may well be called `value` or `default`. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas', 'schemas', 'parameters', 'responses', 'headers', 'content'])

export function checkRefs(file: string, doc: JsonObject): void {
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk(v, [...path, i])
      return
    }
    if (!node || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        if (!value.startsWith('#')) throw new SpecError(file, '', pointer(...path), `external $ref ${value} is not supported (one self-contained file)`)
        try {
          deref(doc, { $ref: value })
        } catch (e) {
          throw new SpecError(file, '', pointer(...path), `$ref ${value} does not resolve: ${(e as Error).message}`)
        }
      } else if (NAME_MAPS.has(String(path.at(-1))) || !DATA_KEYS.has(key) || isExampleMap(key, value)) walk(value, [...path, key])
    }
  }
  walk(doc, [])
}

/** A media type's or a component's `examples` map of Example Objects (which may be `$ref`s), not schema data. */
const isExampleMap = (key: string, value: unknown) => key === 'examples' && !!value && typeof value === 'object' && !Array.isArray(value)

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
  /** Where the parameter is declared: the component when it is a `$ref`, else the operation's list. */
  pointer: string
}

/** A parameter's schema with its own and its array items' `$ref` resolved: the handler types read both. */
function paramSchema(doc: JsonObject, raw: JsonObject | undefined): JsonObject {
  const schema = deref<JsonObject>(doc, raw ?? {})
  return schema?.items && typeof schema.items.$ref === 'string' ? { ...schema, items: deref(doc, schema.items) } : schema
}

/** Path-level parameters merged with operation-level ones (the latter win by name + location). */
export function parametersOf(doc: JsonObject, ref: OperationRef): ParameterSpec[] {
  const byKey = new Map<string, ParameterSpec>()
  const declared = [
    ...(ref.pathItem.parameters ?? []).map((raw: JsonObject, i: number) => [raw, pointer('paths', ref.path, 'parameters', i)] as const),
    ...(ref.op.parameters ?? []).map((raw: JsonObject, i: number) => [raw, pointer('paths', ref.path, ref.method, 'parameters', i)] as const),
  ]
  for (const [raw, at] of declared) {
    const p = deref<JsonObject>(doc, raw)
    byKey.set(`${p.in}:${p.name}`, {
      pointer: typeof raw.$ref === 'string' ? raw.$ref : at,
      name: p.name,
      in: p.in,
      required: p.in === 'path' ? true : Boolean(p.required),
      schema: paramSchema(doc, p.schema),
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
