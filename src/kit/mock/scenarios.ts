/**
 * Scripted answers (spec/scenarios/<slug>.yaml, checked and resolved by `make gen`): with
 * `Prefer: scenario=<name>`, each call of an operation the scenario scripts gets the next answer
 * of its list, counted per mock session, and the last one repeats (a PDF job queued → running →
 * done, then done). Operations the scenario does not script answer as usual.
 */
import type { HandlerResult, RouteDef } from '../types.js'
import { PreferenceProblem } from '../prefer.js'
import type { ContractScenarios, MockStateStore } from './runtime.js'
import { withId, type Valid } from './shape.js'

export async function scriptedAnswer(o: {
  slug: string
  scenarios: ContractScenarios | undefined
  name: string
  session: string
  store: MockStateStore
  route: RouteDef
  path: Record<string, unknown>
  headersOf: (status: string) => Record<string, string | number>
  valid: (status: string) => Valid
}): Promise<HandlerResult | null> {
  const scenario = o.scenarios?.scenarios[o.name]
  if (!scenario) {
    const known = Object.keys(o.scenarios?.scenarios ?? {})
    throw new PreferenceProblem(`scenario=${o.name} is not defined for ${o.slug} (spec/scenarios/${o.slug}.yaml); defined: ${known.join(', ') || 'none'}`)
  }
  const steps = scenario.operations[o.route.operationId]
  if (!steps?.length) return null
  const n = await o.store.step(o.session, `${o.slug}:${o.name}`, o.route.operationId)
  const step = steps[Math.min(n, steps.length - 1)]
  const status = String(step.status)
  let body = step.body === undefined ? undefined : structuredClone(step.body)
  // The scripted body speaks of the resource the request names (the job the client created),
  // where the schema allows it: a path parameter's value replaces the body field of its name.
  const valid = o.valid(status)
  const last = /\{([^}/]+)\}$/.exec(o.route.path)?.[1]
  for (const [name, value] of Object.entries(o.path)) body = withId(body, value, name === last ? [`/${name}`, '/id'] : [`/${name}`], valid)
  return { status: step.status, body, headers: { ...o.headersOf(status), ...step.headers } }
}
