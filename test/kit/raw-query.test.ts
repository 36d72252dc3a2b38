/**
 * A handler reads the query string as the client sent it (`ctx.request.rawQuery`), on both
 * transports: what a signature over the query's own bytes needs (AdMob SSV), which the parsed
 * `query` cannot give back (`+` vs `%20`, escapes, order, repeated keys).
 */
import { createServer, request as httpRequest, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildContractsApp } from '../../src/kit/app.js'
import { boundHandlers } from '../../src/kit/contract.js'
import { createLogger } from '../../src/kit/logger.js'
import { FixedWindowLimiter } from '../../src/kit/rate-limit.js'
import type { RequestMeta } from '../../src/kit/types.js'
import { findori } from '../../src/services/findori/index.js'

// Every operation echoes the raw query it was handed (only getLatestFeed, which needs no credentials, is called).
const echo = (_req: unknown, ctx: { request: RequestMeta }) => ({ status: 200, body: { raw: ctx.request.rawQuery } })
const { app, listener } = buildContractsApp([{ def: findori, binding: { verifiers: {}, handlers: boundHandlers(new Proxy({}, { get: () => echo }), {}) } }], {
  bodyLimitBytes: 1 << 16,
  responseValidation: 'off',
  logger: createLogger('silent'),
  limiter: new FixedWindowLimiter(),
  now: () => new Date(),
  mockMarker: true,
})

let server: HttpServer
let port = 0
beforeAll(async () => {
  server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** GET over a socket with the request target exactly as written (no client-side URL parsing). */
const overHttp = (target: string) =>
  new Promise<string>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: target }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve(JSON.parse(text).raw))
    })
    req.on('error', reject)
    req.end()
  })
const inProcess = async (target: string) => (await (await app.request(target)).json()).raw as string

const QUERIES = [
  // `+` and `%20` both mean a space once parsed; only the raw string tells them apart
  'item=Battle+Pass&other=Battle%20Pass',
  // escapes stay escapes, with their original case
  'custom_data=%7B%22a%22%3A%201%7D&name=%ec%97%90%EB%84%88',
  // order and repeated keys as sent
  'z=1&a=2&z=3&signature=MEQ-_x&key_id=1',
  // an empty value and a key with no `=`
  'a=&flag&b=%2B',
]

describe('ctx.request.rawQuery', () => {
  for (const [transport, call] of [
    ['over HTTP (node lane)', overHttp],
    ['in process (Hono)', inProcess],
  ] as const) {
    describe(transport, () => {
      for (const q of QUERIES) it(`keeps ${q}`, async () => expect(await call(`/api/feeds/latest?${q}`)).toBe(q))
      it('is empty without a query, and for a bare `?`', async () => {
        expect(await call('/api/feeds/latest')).toBe('')
        expect(await call('/api/feeds/latest?')).toBe('')
      })
    })
  }

  it('over HTTP, even bytes a URL parser would escape reach the handler as sent', async () => {
    // Node's HTTP parser takes `"` in a request target; the fetch path's URL parser escapes it to %22.
    expect(await overHttp('/api/feeds/latest?q="x"')).toBe('q="x"')
    expect(await inProcess('http://localhost/api/feeds/latest?q="x"')).toBe('q=%22x%22')
  })
})
