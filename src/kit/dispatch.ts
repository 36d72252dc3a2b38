/**
 * Every contract's operations behind one router, as both transports use them: the Hono app
 * (app.ts) and the node lane (node-lane.ts) ask `lookup` the same question and answer a miss
 * with the same `miss`, so 404 and 405 (with Allow) are answered alike on both, in the shape of
 * the contract that owns the path.
 */
import { KitError } from './errors.js'
import type { Exchange, Reply } from './exchange.js'
import { compileOperation, type Lane } from './operation/compile.js'
import type { MountedContract, Progress } from './operation/mounted.js'
import { asKitError, renderError } from './operation/render-error.js'
import { createResponder, type Responder } from './operation/respond.js'
import { requestIdFrom } from './request-id.js'
import { RouteMatcher, type RouteLookup, type RouteMiss } from './router.js'

export interface Operation {
  lane: Lane
  contract: MountedContract
  /** Answers refusals that happen outside any operation (404, 405, last resort) for this contract. */
  outside: Responder
}

export interface Operations {
  lookup(method: string, path: string): RouteLookup<Operation>
  /** The 404 or 405 for a miss; null when no contract owns the path (the app's own pages, or nothing). */
  miss(found: RouteMiss<Operation>, request: MissRequest): Reply | null
  /** The answer when the pipeline itself failed (it answers its own errors): a 500 of the path's owner. */
  lastResort(error: unknown, request: MissRequest): Reply
}

/** What a refusal outside an operation reads of the request. */
export type MissRequest = Pick<Exchange, 'method' | 'path' | 'header'>

const PLAIN_500: Reply = {
  status: 500,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  payload: '{"error":"internal_error","message":"internal error"}',
}

export function compileOperations(contracts: MountedContract[]): Operations {
  const router = new RouteMatcher<Operation>()
  for (const contract of contracts) {
    const outside = createResponder(contract, null)
    for (const route of contract.def.table.routes) router.add(route.method, route.path, { lane: compileOperation(contract, route), contract, outside })
  }

  const progress = (contract: MountedContract, request: MissRequest): Progress => ({
    meta: {
      requestId: requestIdFrom(request.header('x-request-id')),
      operationId: '',
      principal: null,
      clientAddress: '',
      method: request.method,
      path: request.path,
      rawQuery: '', // no handler reads a refusal's meta
      startedAt: contract.opts.accessLog ? performance.now() : 0,
      origin: contract.opts.cors ? request.header('origin') : undefined,
    },
    rate: null,
    idem: null,
  })

  return {
    lookup: (method, path) => router.lookup(method, path),
    miss(found, request) {
      if (!found.owner) return null
      const { contract, outside } = found.owner
      const error =
        found.kind === 'method_not_allowed'
          ? new KitError('method_not_allowed', {
              allow: found.allow,
              message: `${request.method} is not allowed on ${request.path}; allowed: ${found.allow.join(', ')}`,
            })
          : new KitError('not_found', { message: `no route for ${request.method} ${request.path}` })
      return renderError(contract, outside, error, progress(contract, request))
    },
    lastResort(error, request) {
      const owner = router.lookup(request.method, request.path)
      const op = owner.kind === 'found' ? owner.value : owner.owner
      if (!op) return PLAIN_500
      try {
        const st = progress(op.contract, request)
        return renderError(op.contract, op.outside, asKitError(op.contract, error, st), st)
      } catch {
        return PLAIN_500
      }
    },
  }
}
