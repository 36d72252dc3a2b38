/**
 * Mock handlers: answer any operation from its spec's named examples, or from its schema with
 * `Prefer: dynamic=true` (seeded, so the same seed gives the same body). They sit behind the
 * same routing, security and validators as real handlers, so the mock refuses what the real
 * server refuses.
 */
import { KitError } from './errors.js'
import { parsePrefer } from './prefer.js'
import { placeholderPdf, solidPng } from './placeholder-media.js'
import type { ContractExamples, HandlerResult, RouteDef } from './types.js'

export interface MockSchemas {
  /** Per operation and status, the response schema with its references inlined. */
  responses: Record<string, Record<string, unknown>>
}

export type MockHandler = (prefer: string | undefined) => HandlerResult | Promise<HandlerResult>

const seedOf = (s: string) => [...s].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, 7) >>> 0

function preferenceError(message: string): KitError {
  return new KitError('validation', { issues: [{ location: 'header', pointer: '/Prefer', message, keyword: 'prefer' }] })
}

function placeholderBody(contentType: string, route: RouteDef): string | Uint8Array {
  if (contentType.startsWith('image/png')) return solidPng(1200, 630)
  if (contentType.startsWith('application/pdf')) return placeholderPdf(`Mock ${route.operationId}`)
  if (contentType.startsWith('text/html')) return `<!doctype html><title>${route.operationId}</title><p>mock</p>`
  return ''
}

/** Attempts at a schema-valid dynamic body before falling back to the documented example. */
const DYNAMIC_ATTEMPTS = 20

export function createMockHandler(
  route: RouteDef,
  examples: ContractExamples,
  loadSchemas: () => Promise<MockSchemas>,
  validate: (status: string, body: unknown) => boolean,
): MockHandler {
  const ex = examples[route.operationId]
  const statuses = Object.keys(route.responses)
  const success = statuses.filter((s) => /^2/.test(s)).sort()[0] ?? statuses[0]

  let plain: HandlerResult | null = null
  return (preferHeader) => {
    // Without preferences the answer never changes: build it once, then hand it out as is.
    if (preferHeader) return answer(preferHeader)
    if (plain) return plain
    return answer(undefined).then((r) => (plain = r))
  }

  async function answer(preferHeader: string | undefined): Promise<HandlerResult> {
    const prefer = parsePrefer(preferHeader)
    const status = prefer.code ?? success
    // Own keys only: `code=__proto__` or `code=toString` must not reach Object.prototype.
    const response = Object.hasOwn(route.responses, status) ? route.responses[status] : undefined
    if (!response) throw preferenceError(`code=${status} is not documented for ${route.operationId}; documented: ${statuses.join(', ')}`)
    const documented = ex && Object.hasOwn(ex.responses, status) ? ex.responses[status] : { examples: {}, headers: {} }
    const headers: Record<string, string | number> = {}
    for (const [name, value] of Object.entries(documented.headers)) if (value !== null && value !== undefined) headers[name] = value as any
    const numeric = status === 'default' ? 500 : Number(status)

    if (!response.contentType) return { status: numeric, body: undefined, headers }
    if (!response.json) {
      const named = Object.values(documented.examples)
      const body = typeof named[0] === 'string' ? (named[0] as string) : placeholderBody(response.contentType, route)
      return { status: numeric, body, headers, contentType: response.contentType }
    }
    if (prefer.dynamic) {
      const schemas = await loadSchemas()
      const schema = schemas.responses[route.operationId]?.[status]
      const { generateSync } = await import('json-schema-faker')
      // The faker is good, not perfect (formats inside patterns, cross-field rules): a body that
      // fails the contract is regenerated with the next seed, deterministically.
      const seed = prefer.seed ?? seedOf(route.operationId + status)
      for (let i = 0; schema && i < DYNAMIC_ATTEMPTS; i++) {
        const body = generateSync(schema as any, { seed: seed + i, alwaysFakeOptionals: true, maxDepth: 30, maxItems: 3 } as any)
        if (validate(status, body)) return { status: numeric, body, headers }
      }
    }
    const names = Object.keys(documented.examples)
    if (prefer.example && !names.includes(prefer.example)) {
      throw preferenceError(`example=${prefer.example} is not documented for ${route.operationId} ${status}; documented: ${names.join(', ') || 'none'}`)
    }
    const name = prefer.example ?? names[0]
    if (name === undefined) throw new KitError('internal', { message: `no example documented for ${route.operationId} ${status}` })
    // Shared, not cloned: nothing downstream mutates a response body (decorators copy).
    return { status: numeric, body: documented.examples[name], headers }
  }
}
