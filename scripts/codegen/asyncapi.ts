/**
 * AsyncAPI 3.0 → generated/<slug>-ws/: message payload types (through @hey-api's TypeScript
 * plugin, fed a synthetic OpenAPI document so both protocols share one type generator),
 * precompiled validators per message, and a message table (name, JSON-RPC method, direction).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { tmpdir } from 'node:os'
import { parse } from 'yaml'
import { Parser } from '@asyncapi/parser'
import { createClient } from '@hey-api/openapi-ts'
import { newAjv, scopedStandalone } from './validators.js'
import { typesConfig } from './openapi-ts.config.js'
import { directional, safeNumbers } from './schemas.js'
import { HEADER, emitValidators } from './emit.js'
import { checkRefs, deref, pointer, SpecError, type JsonObject } from './spec-doc.js'

const payloadSchema = (payload: JsonObject) => (payload && payload.schemaFormat && payload.schema ? payload.schema : payload)

export async function generateAsyncApi(file: string, outDir: string): Promise<string[]> {
  const text = readFileSync(file, 'utf8')
  const { diagnostics } = await new Parser().parse(text)
  const errors = diagnostics.filter((d) => d.severity === 0)
  if (errors.length) return errors.map((d) => `${d.path.join('.')}: ${d.message}`)

  const doc = parse(text) as JsonObject
  checkRefs(basename(file), doc)
  const slug = basename(file).replace(/\.asyncapi\.ya?ml$/, '') + '-ws'
  const base = `https://contracts.local/${slug}/messages`
  const messages = Object.entries<JsonObject>(doc.components?.messages ?? {})
  const problems: string[] = []

  // Directions come from the operations: `receive` = node → server, `send` = server → node.
  const direction: Record<string, string[]> = {}
  for (const op of Object.values<JsonObject>(doc.operations ?? {})) {
    for (const ref of [...(op.messages ?? []), ...(op.reply?.messages ?? [])]) {
      const name = String(ref.$ref ?? '')
        .split('/')
        .pop()!
      const dir = op.reply?.messages?.includes(ref) ? (op.action === 'send' ? 'receive' : 'send') : op.action
      ;(direction[name] ??= []).includes(dir) || direction[name].push(dir)
    }
  }

  const ajv = newAjv('body', true)
  const check = newAjv('body', false)
  const components = safeNumbers(directional(doc.components?.schemas ?? {}, 'request', base), false, true)
  for (const a of [ajv, check]) a.addSchema({ $id: base, components: { schemas: components } })
  const table: JsonObject[] = []
  for (const [name, m0] of messages) {
    const m = deref<JsonObject>(doc, m0)
    if (!m.payload)
      throw new SpecError(
        basename(file),
        `message ${name}`,
        pointer('components', 'messages', name, 'payload'),
        'message has no payload, so its type would be unknown',
      )
    const schema = safeNumbers(directional(payloadSchema(deref(doc, m.payload)), 'request', base), false)
    ajv.addSchema(schema, name)
    check.addSchema(schema, name)
    const validate = check.getSchema(name)!
    for (const [i, ex] of (m.examples ?? []).entries()) {
      if (ex.payload !== undefined && !validate(structuredClone(ex.payload))) {
        problems.push(`${name} example ${ex.name ?? i}: ${check.errorsText(validate.errors)}`)
      }
    }
    const props = payloadSchema(deref(doc, m.payload))?.properties ?? {}
    table.push({ name, method: props.method?.const ?? null, direction: direction[name] ?? [], examples: (m.examples ?? []).map((e: JsonObject) => e.payload) })
  }
  if (problems.length) return problems

  const dir = join(outDir, slug)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const names = messages.map(([n]) => n)
  writeFileSync(join(dir, 'validators.gen.ts'), emitValidators(scopedStandalone(ajv, names, 'body')))
  writeFileSync(join(dir, 'messages.gen.ts'), `${HEADER('AsyncAPI message table')}\nexport const messages = ${JSON.stringify(table, null, 2)} as const\n`)

  const synthetic = {
    openapi: '3.1.0',
    info: { title: doc.info?.title ?? slug, version: doc.info?.version ?? '0.0.0' },
    paths: {},
    components: {
      schemas: {
        ...(doc.components?.schemas ?? {}),
        ...Object.fromEntries(messages.map(([n, m]) => [`${n}Payload`, payloadSchema(deref(doc, deref<JsonObject>(doc, m).payload))])),
      },
    },
  }
  const tmp = join(tmpdir(), `${slug}-synthetic.openapi.json`)
  writeFileSync(tmp, JSON.stringify(synthetic))
  await createClient(typesConfig(tmp, join(dir, 'types')))
  console.log(`gen: ${slug}: ${names.length} messages`)
  return []
}
