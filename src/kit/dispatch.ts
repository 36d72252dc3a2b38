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
import type { RouteDef } from './types.js'

export interface Operation {
  lane: Lane
  contract: MountedContract
  /** Answers refusals that happen outside any operation (404, 405, last resort) for this contract. */
  outside: Responder
}

export interface Operations {
  /** Loads every contract's validators and compiles its operations (the warm-up; tests that want every lane built). */
  ready(): Promise<void>
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
  const loaders: (() => Promise<void>)[] = []
  for (const contract of contracts) {
    const outside = createResponder(contract, null)
    const ops: [RouteDef, Operation][] = []
    // A contract's lanes compile once its validators are loaded: the first request to it (or the
    // warm-up) waits for that; the compiled lane then replaces the waiting one in place.
    let compiled: Promise<void> | null = null
    const load = () =>
      (compiled ??= contract.loadValidators().then(
        () => {
          for (const [route, op] of ops) op.lane = compileOperation(contract, route)
        },
        (e) => {
          compiled = null
          throw e
        },
      ))
    for (const route of contract.def.table.routes) {
      const op: Operation = { lane: (ex) => load().then(() => op.lane(ex)), contract, outside }
      router.add(route.method, route.path, op)
      ops.push([route, op])
    }
    loaders.push(load)
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
    ready: async () => {
      // One contract at a time: each load is a few tens of milliseconds of parsing that holds the event loop.
      for (const load of loaders) await load()
    },
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
