/**
 * `make gen` refuses a spec whose own examples break its schemas: the mock serves them and the
 * contract suite sends them, so a wrong example would mislead every frontend that reads it.
 */
import { buildAjvs, type ValidatorEntry } from './validators.js'
import { LOCATIONS, validatorName, type OperationModel } from './model.js'
import type { JsonObject } from './spec-doc.js'

export function checkExamples(slug: string, doc: JsonObject, models: OperationModel[], entries: ValidatorEntry[]): string[] {
  const ajvs = buildAjvs(slug, doc, entries, false)
  const problems: string[] = []
  const run = (kind: 'params' | 'body' | 'response', name: string, value: unknown, where: string) => {
    const validate = ajvs[kind].getSchema(name)
    if (!validate) return problems.push(`${where}: no validator ${name}`)
    if (!validate(structuredClone(value))) problems.push(`${where}: ${ajvs[kind].errorsText(validate.errors)}`)
  }
  for (const m of models) {
    const at = `${slug} ${m.method.toUpperCase()} ${m.path} (${m.operationId})`
    for (const loc of LOCATIONS) {
      if (!m.params[loc].length) continue
      const missing = m.params[loc].filter((p) => p.example === undefined)
      for (const p of missing) problems.push(`${at}: ${loc} parameter ${p.name} has no example`)
      // Checked together: the location's schema requires its required parameters side by side.
      const all = Object.fromEntries(m.params[loc].filter((p) => p.example !== undefined).map((p) => [p.name, p.example]))
      if (!missing.length) run('params', validatorName(m, loc), all, `${at} ${loc} parameter examples`)
    }
    if (m.body) {
      const named = Object.entries(m.body.examples)
      if (!named.length) problems.push(`${at}: request body has no named example`)
      if (m.body.json) for (const [n, v] of named) run('body', validatorName(m, 'body'), v, `${at} request example "${n}"`)
    }
    for (const r of m.responses) {
      const named = Object.entries(r.examples)
      if (r.json && !named.length) problems.push(`${at}: response ${r.status} has no named example`)
      if (r.json && r.schema) for (const [n, v] of named) run('response', validatorName(m, `res_${r.status}`), v, `${at} response ${r.status} example "${n}"`)
    }
  }
  return problems
}
