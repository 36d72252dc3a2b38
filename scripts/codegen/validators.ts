/**
 * Ajv (draft 2020-12) validators for every request part and every JSON response of one spec,
 * emitted as precompiled standalone ESM code so nothing is compiled at start-up.
 */
import { _, Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import standaloneCode from 'ajv/dist/standalone/index.js'
import type { JsonObject } from './spec-doc.js'
import { componentsSchema, directional, FINITE_KEYWORD, safeNumbers, schemaBase, type Direction } from './schemas.js'

/** Three instances because the options differ: parameters arrive as strings and are coerced. */
export type ValidatorKind = 'params' | 'body' | 'response'

export interface ValidatorEntry {
  name: string
  kind: ValidatorKind
  schema: JsonObject
}

const directionOf = (kind: ValidatorKind): Direction => (kind === 'response' ? 'response' : 'request')

export function newAjv(kind: ValidatorKind, source: boolean) {
  const ajv = new Ajv2020({
    strict: false,
    // `strict: false` would also let Infinity and NaN pass `type: number`/`integer`, and `1e400`
    // in a JSON body parses to Infinity: JSON cannot carry them, so they are the wrong type.
    strictNumbers: true,
    allErrors: kind !== 'response',
    discriminator: true,
    // Referenced schemas become one shared function each instead of being copied into every
    // validator that uses them: the generated code shrinks several-fold (and so does start-up).
    inlineRefs: false,
    coerceTypes: kind === 'params' ? 'array' : false,
    useDefaults: kind !== 'response',
    code: source ? { source: true, esm: true, optimize: true } : undefined,
  })
  // `fast` formats: ~3× cheaper than `full` on date-time, the commonest format in responses.
  ;(addFormats as any)(ajv, { mode: 'fast' })
  // Untyped on purpose: Ajv runs typed keywords only on finite numbers, so Infinity would skip it.
  ajv.addKeyword({
    keyword: FINITE_KEYWORD,
    schemaType: 'boolean',
    code: (cxt) => cxt.fail(_`typeof ${cxt.data} == "number" && !isFinite(${cxt.data})`),
    error: { message: 'must be a finite number' },
  })
  return ajv
}

/** Builds instances with the directional components registered and every entry added by name. */
export function buildAjvs(slug: string, doc: JsonObject, entries: ValidatorEntry[], source: boolean) {
  const ajvs = {} as Record<ValidatorKind, ReturnType<typeof newAjv>>
  for (const kind of ['params', 'body', 'response'] as ValidatorKind[]) {
    const ajv = newAjv(kind, source)
    ajv.addSchema(componentsSchema(slug, doc, directionOf(kind), kind === 'params'))
    for (const e of entries.filter((x) => x.kind === kind)) {
      ajv.addSchema(safeNumbers(directional(e.schema, directionOf(kind), schemaBase(slug, directionOf(kind))), kind === 'params'), e.name)
    }
    ajvs[kind] = ajv
  }
  return ajvs
}

/**
 * Standalone code for the named validators of one Ajv instance, wrapped in a scope bound to
 * `scope`: each instance's code declares its own helpers (validate10, schema31…), so two
 * instances in one module would otherwise collide. Shared by the OpenAPI and AsyncAPI paths.
 */
export function scopedStandalone(ajv: ReturnType<typeof newAjv>, names: string[], scope: ValidatorKind): string {
  const mapping = Object.fromEntries(names.map((n) => [n, n]))
  const code = ((standaloneCode as any)(ajv, mapping) as string).replace(/^"use strict";/, '')
  return `const ${scope} = (() => {\nconst __exports = {}\n${code.replace(/export const (\w+) = /g, '__exports.$1 = ')}\nreturn __exports\n})()`
}

/** Standalone module source: one named export per validator. */
export function standaloneModule(slug: string, doc: JsonObject, entries: ValidatorEntry[]): string {
  const ajvs = buildAjvs(slug, doc, entries, true)
  const chunks: string[] = []
  for (const kind of ['params', 'body', 'response'] as ValidatorKind[]) {
    const names = entries.filter((e) => e.kind === kind).map((e) => e.name)
    if (names.length) chunks.push(scopedStandalone(ajvs[kind], names, kind))
  }
  return chunks.join('\n')
}
