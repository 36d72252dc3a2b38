/**
 * The node fast lane on its own, over a real socket: which requests it takes, which it leaves to
 * the fallback (Hono in the app), and its last-resort answer when a pipeline throws.
 */
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeLaneListener, type Lane } from '../../../src/kit/node-lane.js'
import { RouteMatcher } from '../../../src/kit/router.js'

let server: Server
let base = ''
const errors: unknown[] = []

beforeAll(async () => {
  const lanes = new RouteMatcher<Lane>()
  lanes.add('get', '/items/{id}', (ex) => ({ status: 200, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ id: ex.params.id, q: ex.search }) }))
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
  server = createServer(nodeLaneListener(lanes, fallback, (e) => errors.push(e)))
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

  it('leaves to the fallback what it cannot answer exactly as Hono would', async () => {
    for (const path of ['/items/a%2D1', '/items/..', '/items/../items/a', '/items/./a', '/items/a/', '/nowhere', '/items']) {
      expect((await rawGet(path))['x-fallback'], path).toBe('yes')
    }
    const head = await fetch(`${base}/items/a`, { method: 'HEAD' })
    expect(head.headers.get('x-fallback')).toBe('yes')
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
