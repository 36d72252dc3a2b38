/**
 * The mock's generated tables, under generated/mock/:
 * - scenarios.gen.ts: spec/scenarios/<slug>.yaml checked against the spec and resolved (each
 *   scripted answer's status documented, its named example found, `merge` applied, and the
 *   result valid against the operation's response schema; gen fails naming the step otherwise);
 * - ws.gen.ts: per AsyncAPI document, what the WebSocket mock speaks (channel address, the
 *   handshake's security and query, close codes, messages with named examples, and which
 *   messages answer which), beside that document's precompiled validators.
 * Runs after the OpenAPI and AsyncAPI generation, whose validators it loads.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'
import { HEADER } from './emit.js'
import { deref, type JsonObject } from './spec-doc.js'

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return structuredClone(patch)
  const out: JsonObject = structuredClone(base)
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v)
  return out
}

const STEP_KEYS = new Set(['status', 'example', 'merge', 'body', 'headers'])
const RESOURCE_KEYS = new Set(['create', 'read', 'list', 'update', 'remove', 'id'])

async function scenariosOf(root: string, slug: string, text: string): Promise<{ value?: JsonObject; problems: string[] }> {
  const where = `spec/scenarios/${slug}.yaml`
  const problems: string[] = []
  const dir = join(root, 'generated', slug)
  if (!existsSync(join(dir, 'routes.gen.ts'))) return { problems: [`${where}: no spec/${slug}.openapi.yaml to script`] }
  const load = (f: string) => import(pathToFileURL(join(dir, f)).href)
  const [{ table }, { examples }, { validators }] = await Promise.all([load('routes.gen.ts'), load('examples.gen.ts'), load('validators.gen.ts')])
  const routes = new Map<string, JsonObject>(table.routes.map((r: JsonObject) => [r.operationId, r]))
  const doc = parse(text) ?? {}
  if (!isObject(doc)) return { problems: [`${where}: must be a mapping with resources and scenarios`] }
  for (const k of Object.keys(doc)) if (k !== 'resources' && k !== 'scenarios') problems.push(`${where}: unknown top-level key ${k} (resources, scenarios)`)

  const resources: JsonObject[] = []
  for (const [i, r] of (doc.resources ?? []).entries()) {
    const at = `${where}: resources[${i}]`
    if (!isObject(r)) {
      problems.push(`${at}: must be a mapping`)
      continue
    }
    for (const k of Object.keys(r)) if (!RESOURCE_KEYS.has(k)) problems.push(`${at}: unknown key ${k} (${[...RESOURCE_KEYS].join(', ')})`)
    for (const k of ['create', 'read', 'list', 'remove'] as const)
      if (r[k] !== undefined && !routes.has(r[k])) problems.push(`${at}.${k}: no operation ${r[k]}`)
    for (const u of r.update ?? []) if (!routes.has(u)) problems.push(`${at}.update: no operation ${u}`)
    const create = routes.get(r.create)
    if (!r.create || !create) continue
    if (typeof r.id !== 'string' || !r.id.startsWith('/')) {
      problems.push(`${at}.id: a JSON pointer into ${r.create}'s answer, e.g. /id`)
      continue
    }
    const success = Object.keys(create.responses)
      .filter((s) => /^2\d\d$/.test(s))
      .sort()[0]
    const body = success && Object.values(examples[r.create]?.responses[success]?.examples ?? {})[0]
    let v: unknown = body
    for (const t of r.id.split('/').slice(1)) v = isObject(v) ? v[t] : undefined
    if (typeof v !== 'string' && typeof v !== 'number') problems.push(`${at}.id: ${r.id} is not a string or number in ${r.create}'s ${success} example`)
    resources.push({ create: r.create, read: r.read, list: r.list, update: r.update, remove: r.remove, id: r.id })
  }

  const scenarios: JsonObject = {}
  for (const [name, sc] of Object.entries<any>(doc.scenarios ?? {})) {
    const at = `${where}: scenario ${name}`
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) problems.push(`${at}: name must be letters, digits, '.', '_' or '-' (it is sent as Prefer: scenario=${name})`)
    if (!isObject(sc) || !isObject(sc.operations)) {
      problems.push(`${at}: needs operations: {<operationId>: [answers]}`)
      continue
    }
    const operations: JsonObject = {}
    for (const [op, steps] of Object.entries<any>(sc.operations)) {
      const route = routes.get(op)
      if (!route) {
        problems.push(`${at}: no operation ${op} in spec/${slug}.openapi.yaml`)
        continue
      }
      if (!Array.isArray(steps) || !steps.length) {
        problems.push(`${at}, ${op}: a non-empty list of answers`)
        continue
      }
      operations[op] = steps.map((step: any, i: number) => {
        const here = `${at}, ${op} answer ${i + 1}`
        if (!isObject(step)) return void problems.push(`${here}: must be a mapping (status, example, merge, body, headers)`)
        for (const k of Object.keys(step)) if (!STEP_KEYS.has(k)) problems.push(`${here}: unknown key ${k} (${[...STEP_KEYS].join(', ')})`)
        const documented = examples[op]?.responses ?? {}
        let status = step.status === undefined ? undefined : String(step.status)
        if (step.example !== undefined && status === undefined) {
          status = Object.keys(documented).find((s) => Object.hasOwn(documented[s].examples, step.example))
          if (!status) return void problems.push(`${here}: example ${step.example} is not documented for ${op}`)
        }
        status ??= Object.keys(route.responses)
          .filter((s) => /^2\d\d$/.test(s))
          .sort()[0]
        if (!status || !Object.hasOwn(route.responses, status)) {
          return void problems.push(`${here}: status ${status} is not documented for ${op} (documented: ${Object.keys(route.responses).join(', ')})`)
        }
        const response = route.responses[status]
        if (step.body !== undefined && (step.example !== undefined || step.merge !== undefined))
          problems.push(`${here}: body replaces example/merge; give one or the other`)
        let body: unknown
        if (step.body !== undefined) body = step.body
        else if (response.contentType) {
          const named = documented[status]?.examples ?? {}
          const exName = step.example ?? Object.keys(named)[0]
          if (exName === undefined || !Object.hasOwn(named, exName))
            return void problems.push(`${here}: example ${exName} is not documented for ${op} ${status}`)
          body = step.merge === undefined ? named[exName] : deepMerge(named[exName], step.merge)
        }
        if (!response.contentType && body !== undefined) problems.push(`${here}: ${op} ${status} has no body`)
        if (response.json && response.validator) {
          const validate = validators[response.validator]
          if (!validate(structuredClone(body))) {
            const why = (validate.errors ?? []).map((e: JsonObject) => `${e.instancePath || '/'} ${e.message}`).join('; ')
            problems.push(`${here}: the answer breaks ${op}'s ${status} response schema: ${why}`)
          }
        }
        const headers: JsonObject = {}
        for (const [h, v] of Object.entries(step.headers ?? {})) {
          if (typeof v !== 'string' && typeof v !== 'number') problems.push(`${here}: header ${h} must be a string or number`)
          headers[h] = v
        }
        return { status: status === 'default' ? 500 : Number(status), ...(body === undefined ? {} : { body }), ...(step.headers ? { headers } : {}) }
      })
    }
    scenarios[name] = { ...(sc.description ? { description: String(sc.description) } : {}), operations }
  }
  return { value: { resources, scenarios }, problems }
}

async function emitScenarios(root: string, outDir: string): Promise<string[]> {
  const dir = join(root, 'spec', 'scenarios')
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : []
  const all: JsonObject = {}
  const problems: string[] = []
  for (const f of files.sort()) {
    const slug = f.replace(/\.ya?ml$/, '')
    const r = await scenariosOf(root, slug, readFileSync(join(dir, f), 'utf8'))
    problems.push(...r.problems)
    if (r.value) all[slug] = r.value
  }
  if (problems.length) return problems
  writeFileSync(
    join(outDir, 'scenarios.gen.ts'),
    `${HEADER('mock scenarios: spec/scenarios/*.yaml')}import type { ContractScenarios } from '../../src/kit/mock/runtime.js'\n\nexport const scenarios: Record<string, ContractScenarios> = ${JSON.stringify(all, null, 2)}\n`,
  )
  return []
}

function wsTable(file: string, doc: JsonObject): JsonObject {
  const channels = Object.values<JsonObject>(doc.channels ?? {})
  const channel = deref<JsonObject>(doc, channels[0])
  const servers = Object.values<JsonObject>(doc.servers ?? {})
  const securityRef = deref<JsonObject>(doc, servers[0])?.security?.[0]
  const schemeName = securityRef?.$ref ? String(securityRef.$ref).split('/').pop() : null
  const scheme = schemeName ? doc.components?.securitySchemes?.[schemeName] : null
  const query = channel?.bindings?.ws?.query ?? null
  const nameOf = (ref: JsonObject) => {
    const m = deref<JsonObject>(doc, ref)
    const key = Object.entries<JsonObject>(doc.components?.messages ?? {}).find(([, v]) => v === m || deref(doc, v) === m)?.[0]
    return key ?? String(ref.$ref).split('/').pop()
  }
  const messages: JsonObject = {}
  for (const [name, m0] of Object.entries<JsonObject>(doc.components?.messages ?? {})) {
    const m = deref<JsonObject>(doc, m0)
    const payload = deref<JsonObject>(doc, m.payload)
    const method = payload?.properties?.method?.const ?? null
    const named: JsonObject = {}
    for (const [i, e] of (m.examples ?? []).entries()) named[e.name ?? String(i)] = e.payload
    messages[name] = { method, batch: payload?.type === 'array', examples: named }
  }
  const operations = Object.values<JsonObject>(doc.operations ?? {}).map((op) => ({
    action: op.action,
    messages: (op.messages ?? []).map(nameOf),
    replies: (op.reply?.messages ?? []).map(nameOf),
  }))
  return {
    file,
    address: channel?.address ?? null,
    security: scheme ? { scheme: schemeName, in: scheme.in ?? null, name: scheme.name ?? null } : null,
    query,
    closeCodes: channel?.['x-close-codes'] ?? [],
    messages,
    operations,
  }
}

function emitWs(root: string, outDir: string): string[] {
  const specDir = join(root, 'spec')
  const files = readdirSync(specDir)
    .filter((f) => /\.asyncapi\.ya?ml$/.test(f))
    .sort()
  const imports: string[] = []
  const entries: string[] = []
  for (const [i, f] of files.entries()) {
    const slug = `${basename(f).replace(/\.asyncapi\.ya?ml$/, '')}-ws`
    if (!existsSync(join(outDir, '..', slug, 'validators.gen.ts')))
      return [`${f}: generated/${slug}/validators.gen.ts missing (the AsyncAPI generation failed?)`]
    const doc = parse(readFileSync(join(specDir, f), 'utf8')) as JsonObject
    imports.push(`import { validators as v${i} } from '../${slug}/validators.gen.js'`)
    entries.push(
      `  ${JSON.stringify(f)}: { ...${JSON.stringify(wsTable(f, doc), null, 2).replace(/\n/g, '\n  ')}, validators: v${i} as unknown as WsMockTable['validators'] },`,
    )
  }
  writeFileSync(
    join(outDir, 'ws.gen.ts'),
    `${HEADER('WebSocket mock tables: spec/*.asyncapi.yaml')}import type { WsMockTable } from '../../src/kit/mock/ws/table.js'\n${imports.join('\n')}\n\nexport const wsTables: Record<string, WsMockTable> = {\n${entries.join('\n')}\n}\n`,
  )
  return []
}

/** Writes generated/mock/; returns the problems that should fail `make gen`. */
export async function generateMock(root: string, outDir: string): Promise<string[]> {
  const dir = join(outDir, 'mock')
  mkdirSync(dir, { recursive: true })
  const problems = await emitScenarios(root, dir)
  problems.push(...emitWs(root, dir))
  if (!problems.length) console.log('gen: mock: scenarios and WebSocket tables')
  return problems
}
