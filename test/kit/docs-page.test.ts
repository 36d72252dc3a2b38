/**
 * The reference pages work offline: no script, module or preload from another host, and the
 * Redoc script they load is served here, the file their integrity hash names.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Server } from '../../src/server.js'
import { overHttpFetch, testServer } from '../support/server.js'

let server: Server
let get: typeof fetch
beforeAll(async () => {
  server = await testServer({ SERVE_MODE: 'mock' })
  get = overHttpFetch(server)
})
afterAll(() => server?.stop())

const SLUGS = ['operator', 'hitl', 'orchestrator', 'findori', 'saju']
// Every URL a page's code is fetched from: script src, module imports, link href (preload, styles).
const codeUrls = (html: string) => [
  ...[...html.matchAll(/<script\b[^>]*\ssrc=["']?([^"'\s>]+)/gi)].map((m) => m[1]),
  ...[...html.matchAll(/\b(?:import|from)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]),
  ...[...html.matchAll(/<link\b[^>]*\shref=["']?([^"'\s>]+)/gi)].map((m) => m[1]),
]

describe('reference pages without the network', () => {
  it.each(SLUGS)('/docs/%s loads no code from another host', async (slug) => {
    const html = await (await get(`http://x/docs/${slug}`)).text()
    const urls = codeUrls(html)
    expect(urls).toContain('/docs/assets/redoc.standalone.js')
    expect(urls.filter((u) => /^(https?:)?\/\//i.test(u))).toEqual([])
  })

  it('serves the Redoc script the page names, as JavaScript, matching the page’s integrity hash', async () => {
    const html = await (await get('http://x/docs/orchestrator')).text()
    const integrity = /href="\/docs\/assets\/redoc\.standalone\.js"[^>]*\sintegrity="([^"]+)"/.exec(html)?.[1]
    const res = await get('http://x/docs/assets/redoc.standalone.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript\b/)
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.toString('utf8', 0, 4000)).toContain('RedocStandalone')
    expect(integrity).toBe(`sha384-${createHash('sha384').update(body).digest('base64')}`)
  })

  it('answers a revalidation with 304 and an unknown asset with 404', async () => {
    const first = await get('http://x/docs/assets/redoc.standalone.js')
    const etag = first.headers.get('etag')!
    await first.arrayBuffer()
    const again = await get('http://x/docs/assets/redoc.standalone.js', { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect((await get('http://x/docs/assets/nothing.js')).status).toBe(404)
  })
})
