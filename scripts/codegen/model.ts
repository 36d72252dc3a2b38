/**
 * One intermediate model per operation, built once from the document and read by every emitter
 * (route table, handler interface, validators, examples), so they cannot disagree.
 */
import { deref, isJsonMediaType, operations, parametersOf, pascalCase, pointer, SpecError, type JsonObject, type ParameterSpec } from './spec-doc.js'
import type { ValidatorEntry } from './validators.js'

export type Location = 'path' | 'query' | 'header' | 'cookie'
export const LOCATIONS: Location[] = ['path', 'query', 'header', 'cookie']

export interface ResponseModel {
  status: string
  description: string
  contentType: string | null
  json: boolean
  schema: JsonObject | null
  examples: Record<string, unknown>
  headers: { name: string; required: boolean; schema: JsonObject; example: unknown }[]
}

export interface OperationModel {
  /** `GET /api/nodes (listNodes)`: how error messages name the operation. */
  label: string
  /** JSON pointer of the operation object: `#/paths/~1api~1nodes/get`. */
  pointer: string
  operationId: string
  typeName: string
  method: string
  path: string
  summary: string
  security: Record<string, string[]>[] | null
  params: Record<Location, ParameterSpec[]>
  body: { required: boolean; contentType: string; json: boolean; schema: JsonObject | null; examples: Record<string, unknown> } | null
  responses: ResponseModel[]
  idempotencyHeader: string | null
}

/** `{id}` → `:id`; Hono matches the same segments. */

function namedExamples(doc: JsonObject, media: JsonObject): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, ex] of Object.entries<JsonObject>(media.examples ?? {})) out[name] = deref<JsonObject>(doc, ex).value
  if (!Object.keys(out).length && media.example !== undefined) out.default = media.example
  return out
}

/**
 * The one media type of a request body or response. A second one would need its own validator,
 * type and dispatch, which the generator does not make: refused rather than silently dropped.
 */
function singleMedia(file: string, label: string, what: string, at: string, content: JsonObject | undefined): [string, JsonObject] | [null, null] {
  const entries = Object.entries<JsonObject>(content ?? {})
  if (entries.length > 1) {
    throw new SpecError(
      file,
      label,
      `${at}/content`,
      `${what} declares ${entries.length} media types (${entries.map(([t]) => t).join(', ')}); the generator supports exactly one per ${what.startsWith('request') ? 'request body' : 'response'}`,
    )
  }
  const [contentType, media] = entries[0] ?? [null, null]
  if (contentType && isJsonMediaType(contentType) && !media?.schema) {
    throw new SpecError(
      file,
      label,
      `${at}/content/${contentType.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      `${what} (${contentType}) has no schema, so its type would be unknown`,
    )
  }
  return contentType ? [contentType, media ?? {}] : [null, null]
}

/** Where a possibly-referenced object lives: its component when it is a `$ref`, else `at`. */
const locate = (raw: JsonObject, at: string) => (typeof raw?.$ref === 'string' ? raw.$ref : at)

export function buildModel(doc: JsonObject, file = 'spec'): OperationModel[] {
  const models = operations(doc).map((ref): OperationModel => {
    const { op } = ref
    const opPointer = pointer('paths', ref.path, ref.method)
    if (!op.operationId) throw new SpecError(file, `${ref.method.toUpperCase()} ${ref.path}`, opPointer, 'operationId missing')
    const label = `${ref.method.toUpperCase()} ${ref.path} (${op.operationId})`
    const params = Object.fromEntries(LOCATIONS.map((l) => [l, [] as ParameterSpec[]])) as Record<Location, ParameterSpec[]>
    for (const p of parametersOf(doc, ref)) params[p.in].push(p)

    let body: OperationModel['body'] = null
    if (op.requestBody) {
      const rb = deref<JsonObject>(doc, op.requestBody)
      const [contentType, media] = singleMedia(file, label, 'request body', locate(op.requestBody, `${opPointer}/requestBody`), rb.content)
      if (contentType) {
        body = {
          required: Boolean(rb.required),
          contentType,
          json: isJsonMediaType(contentType),
          schema: media.schema ?? null,
          examples: namedExamples(doc, media),
        }
      }
    }

    const responses: ResponseModel[] = Object.entries<JsonObject>(op.responses ?? {}).map(([status, raw]) => {
      const r = deref<JsonObject>(doc, raw)
      const at = locate(raw, `${opPointer}/responses/${status}`)
      const [contentType, media] = singleMedia(file, label, `response ${status}`, at, r.content)
      const headers = Object.entries<JsonObject>(r.headers ?? {}).map(([name, h0]) => {
        const h = deref<JsonObject>(doc, h0)
        return { name, required: Boolean(h.required), schema: h.schema ?? {}, example: h.example ?? h.schema?.example }
      })
      return {
        status,
        description: r.description ?? '',
        contentType,
        json: contentType ? isJsonMediaType(contentType) : false,
        schema: media?.schema ?? null,
        examples: media ? namedExamples(doc, media) : {},
        headers,
      }
    })

    const security = op.security ?? doc.security ?? null
    const idem = params.header.find((p) => p.name.toLowerCase() === 'idempotency-key')
    return {
      label,
      pointer: opPointer,
      operationId: op.operationId,
      typeName: pascalCase(op.operationId),
      method: ref.method,
      path: ref.path,
      summary: op.summary ?? '',
      security: security && security.length ? security : null,
      params,
      body,
      responses,
      idempotencyHeader: idem ? idem.name : null,
    }
  })
  // A stable order for the generated files; which route matches a path is the router's rule
  // alone (src/kit/router.ts), whatever the order here.
  return models.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.method.localeCompare(b.method)))
}

export const validatorName = (m: OperationModel, part: string) => `${m.operationId}_${part}`

/** Header names are matched case-insensitively; validators see them under their declared names. */
export function paramsSchema(list: ParameterSpec[]): JsonObject {
  return {
    type: 'object',
    properties: Object.fromEntries(list.map((p) => [p.name, p.schema])),
    required: list.filter((p) => p.required).map((p) => p.name),
  }
}

export function validatorEntries(models: OperationModel[]): ValidatorEntry[] {
  const entries: ValidatorEntry[] = []
  for (const m of models) {
    for (const loc of LOCATIONS) {
      if (m.params[loc].length) entries.push({ name: validatorName(m, loc), kind: 'params', schema: paramsSchema(m.params[loc]) })
    }
    if (m.body?.json && m.body.schema) entries.push({ name: validatorName(m, 'body'), kind: 'body', schema: m.body.schema })
    for (const r of m.responses) {
      if (r.json && r.schema) entries.push({ name: validatorName(m, `res_${r.status}`), kind: 'response', schema: r.schema })
    }
  }
  return entries
}
