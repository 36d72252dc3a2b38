/**
 * What a person finds at the root: the list of APIs, each spec, each reference page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Server } from '../../src/server.js'
import { testServer } from '../support/server.js'

let server: Server
beforeAll(async () => (server = await testServer({ SERVE_MODE: 'mock' })))
afterAll(() => server?.stop())

const SLUGS = ['operator', 'hitl', 'orchestrator', 'findori', 'saju']

describe('index, specs and reference pages', () => {
  it('/ lists the five APIs with links to their docs and specs', async () => {
    const html = await (await server.app.request('/')).text()
    for (const slug of SLUGS) {
      expect(html).toContain(`href="/docs/${slug}"`)
      expect(html).toContain(`href="/openapi/${slug}.yaml"`)
    }
    expect(html).toContain('href="/openapi/orchestrator.asyncapi.yaml"')
  })

  it.each(SLUGS)('/openapi/%s.yaml serves the OpenAPI 3.1 document', async (slug) => {
    const res = await server.app.request(`/openapi/${slug}.yaml`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('yaml')
    expect(await res.text()).toMatch(/^openapi: ["']?3\.1\.0/m)
  })

  it('serves the AsyncAPI document', async () => {
    const res = await server.app.request('/openapi/orchestrator.asyncapi.yaml')
    expect(await res.text()).toMatch(/^asyncapi: ["']?3\.0\.0/m)
  })

  it.each(SLUGS)('/docs/%s is a readable reference page', async (slug) => {
    const res = await server.app.request(`/docs/${slug}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect((await res.text()).length).toBeGreaterThan(10_000)
  })
})

describe('CORS for browser frontends (development default: any origin, reflected)', () => {
  it('never sends credentials to an origin only the wildcard allows (cookies stay home)', async () => {
    const res = await server.app.request('/api/feeds/latest', { headers: { Origin: 'http://evil.example' } })
    expect(res.headers.get('access-control-allow-origin')).toBe('http://evil.example')
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
  })
  it('answers a preflight with the origin, credentials (for a listed origin) and the requested headers', async () => {
    const listed = await testServer({ CORS_ORIGINS: 'http://localhost:5173' })
    const res = await listed.app.request('/api/v1/entitlements', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,x-request-id' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-headers')).toContain('x-request-id')
    await listed.stop()
  })
  it('lets the browser read the request id and rate-limit headers', async () => {
    const res = await server.app.request('/api/feeds/latest', { headers: { Origin: 'http://localhost:5173' } })
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id')
  })
  it("lets the browser read saju's X-Signature, so a page can check where a body came from", async () => {
    const res = await server.app.request('/api/v1/signing-keys', { headers: { Origin: 'http://localhost:5173' } })
    expect(res.headers.get('x-signature')).toMatch(/^keyid="/)
    expect(res.headers.get('access-control-expose-headers')?.split(', ')).toContain('X-Signature')
  })
})
