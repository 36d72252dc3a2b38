/**
 * One intermediate model per operation, built once from the document and read by every emitter
 * (route table, handler interface, validators, examples), so they cannot disagree.
 */
import {
  deref,
  isJsonMediaType,
  operations,
  parametersOf,
  pascalCase,
  type JsonObject,
  type ParameterSpec,
} from './spec-doc.js'
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
  operationId: string
  typeName: string
  method: string
  path: string
  honoPath: string
  summary: string
  security: Record<string, string[]>[] | null
  params: Record<Location, ParameterSpec[]>
  body: { required: boolean; contentType: string; json: boolean; schema: JsonObject | null; examples: Record<string, unknown> } | null
  responses: ResponseModel[]
  idempotencyHeader: string | null
}

/** `{id}` → `:id`; Hono matches the same segments. */
export const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1')

function namedExamples(doc: JsonObject, media: JsonObject): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, ex] of Object.entries<JsonObject>(media.examples ?? {})) out[name] = deref<JsonObject>(doc, ex).value
  if (!Object.keys(out).length && media.example !== undefined) out.default = media.example
  return out
}

export function buildModel(doc: JsonObject): OperationModel[] {
  const models = operations(doc).map((ref): OperationModel => {
    const { op } = ref
    if (!op.operationId) throw new Error(`${ref.method.toUpperCase()} ${ref.path}: operationId missing`)
    const params = Object.fromEntries(LOCATIONS.map((l) => [l, [] as ParameterSpec[]])) as Record<Location, ParameterSpec[]>
    for (const p of parametersOf(doc, ref)) params[p.in].push(p)

    let body: OperationModel['body'] = null
    if (op.requestBody) {
      const rb = deref<JsonObject>(doc, op.requestBody)
      const [contentType, media] = Object.entries<JsonObject>(rb.content ?? {})[0] ?? []
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
      const [contentType, media] = Object.entries<JsonObject>(r.content ?? {})[0] ?? [null, null]
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
      operationId: op.operationId,
      typeName: pascalCase(op.operationId),
      method: ref.method,
      path: ref.path,
      honoPath: honoPath(ref.path),
      summary: op.summary ?? '',
      security: security && security.length ? security : null,
      params,
      body,
      responses,
      idempotencyHeader: idem ? idem.name : null,
    }
  })
  return sortForRouting(models)
}

/**
 * Static segments before parameters, segment by segment, so `/api/feeds/latest` is registered
 * ahead of `/api/feeds/{date}`: Hono answers with the first matching route.
 */
function sortForRouting(models: OperationModel[]): OperationModel[] {
  const key = (m: OperationModel) => m.path.split('/').map((s) => (s.startsWith('{') ? '\uffff' : s))
  return [...models].sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1
    }
    return ka.length - kb.length || a.method.localeCompare(b.method)
  })
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
