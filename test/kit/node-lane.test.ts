/**
 * The node fast lane on its own, over a real socket: which requests it takes, which misses it
 * answers itself (a path some operation's contract owns), which it leaves to the fallback (Hono
 * in the app), and its last-resort answer when a pipeline throws.
 */
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Operation, Operations } from '../../src/kit/dispatch.js'
import { nodeLaneListener } from '../../src/kit/node-lane.js'
import type { Lane } from '../../src/kit/operation/compile.js'
import { RouteMatcher } from '../../src/kit/router.js'

let server: Server
let base = ''
const errors: unknown[] = []

beforeAll(async () => {
  const lanes = new RouteMatcher<Lane>()
  lanes.add('get', '/items/{id}', (ex) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ id: ex.params.id, q: ex.search }),
  }))
  lanes.add('post', '/echo', async (ex) => ({ status: 201, headers: {}, payload: await ex.body(16) }))
  lanes.add('get', '/throws', () => {
    throw new Error('sync failure')
  })
  lanes.add('get', '/rejects', async () => {
    throw new Error('async failure')
  })
  const fallback = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(299, { 'x-fallback': 'yes' })
    res.end()
  }
  const operations: Operations = {
    ready: async () => {},
    lookup: (method, path) => {
      const found = lanes.lookup(method, path)
      return (found.kind === 'found' ? { ...found, value: { lane: found.value } } : { ...found, owner: found.owner && { lane: found.owner } }) as ReturnType<
        Operations['lookup']
      >
    },
    miss: (found) =>
      found.owner ? { status: found.kind === 'method_not_allowed' ? 405 : 404, headers: { 'x-miss': found.allow.join(',') || 'none' }, payload: null } : null,
    lastResort: (e) => {
      errors.push(e)
      return { status: 500, headers: { 'content-type': 'application/json' }, payload: '{"error":"internal_error","message":"internal error"}' }
    },
  }
  server = createServer(nodeLaneListener(operations, fallback))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** GET with the path exactly as written (fetch would resolve dot segments first). */
const rawGet = (path: string) =>
  new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
    const req = request(`${base}${path}`, { path }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.headers))
    })
    req.on('error', reject)
    req.end()
  })

describe('nodeLaneListener', () => {
  it('answers a matched operation with its path parameters and raw query', async () => {
    const res = await fetch(`${base}/items/a-1?x=1&y=2`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String((await res.clone().arrayBuffer()).byteLength))
    expect(await res.json()).toEqual({ id: 'a-1', q: 'x=1&y=2' })
  })

  it('reads a body, and refuses one past the limit', async () => {
    const ok = await fetch(`${base}/echo`, { method: 'POST', body: 'hello' })
    expect([ok.status, await ok.text()]).toEqual([201, 'hello'])
    // The lane has no contract here, so the refusal surfaces as the last-resort 500.
    const big = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(100) })
    expect(big.status).toBe(500)
  })

  it('decodes percent-escapes in path parameters', async () => {
    expect(await (await fetch(`${base}/items/a%2D1%20b`)).json()).toEqual({ id: 'a-1 b', q: '' })
  })

  it('answers a miss on an owned path itself: 405 with the allowed methods, or 404', async () => {
    const del = await fetch(`${base}/items/a`, { method: 'DELETE' })
    expect([del.status, del.headers.get('x-miss')]).toEqual([405, 'GET'])
    // Dot segments are not resolved: no route has one, so the owner of the prefix answers 404.
    for (const path of ['/items/..', '/items/%2e%2e', '/items/../items/a', '/items/./a', '/items/a/', '/items']) {
      const headers = await rawGet(path)
      expect([headers['x-miss'], headers['x-fallback']], path).toEqual(['none', undefined])
    }
  })

  it('leaves to the fallback what no operation owns, HEAD and OPTIONS', async () => {
    expect((await rawGet('/nowhere'))['x-fallback']).toBe('yes')
    for (const method of ['HEAD', 'OPTIONS']) {
      const res = await fetch(`${base}/items/a`, { method })
      expect(res.headers.get('x-fallback'), method).toBe('yes')
    }
  })

  it('answers 500 JSON and reports the error when a pipeline throws or rejects', async () => {
    for (const path of ['/throws', '/rejects']) {
      const res = await fetch(`${base}${path}`)
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ error: 'internal_error', message: 'internal error' })
    }
    expect(errors.map((e) => (e as Error).message)).toEqual(expect.arrayContaining(['sync failure', 'async failure']))
  })
})
