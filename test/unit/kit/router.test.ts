/**
 * The fast lane's operation lookup: OpenAPI templates, literal-before-parameter precedence, and
 * the paths it declines (Hono answers those).
 */
import { describe, expect, it } from 'vitest'
import { RouteMatcher } from '../../../src/kit/router.js'
import { contracts } from '../../../src/services/index.js'

function matcher(routes: [string, string][]) {
  const m = new RouteMatcher<string>()
  for (const [method, path] of routes) m.add(method, path, `${method} ${path}`)
  return m
}

describe('RouteMatcher', () => {
  const m = matcher([
    ['get', '/api/feeds/{date}'],
    ['get', '/api/feeds/latest'],
    ['get', '/api/admin/issues/{id}'],
    ['patch', '/api/admin/issues/{id}'],
    ['post', '/api/admin/feeds/{date}/publish'],
    ['get', '/api/{kind}/items/{id}'],
    ['get', '/api/nodes/{id}/items/{item}'],
  ])

  it('finds static paths and binds whole-segment parameters', () => {
    expect(m.match('GET', '/api/feeds/latest')).toEqual({ value: 'get /api/feeds/latest', params: {} })
    expect(m.match('GET', '/api/feeds/2026-02-27')).toEqual({ value: 'get /api/feeds/{date}', params: { date: '2026-02-27' } })
    expect(m.match('POST', '/api/admin/feeds/2026-02-27/publish')?.params).toEqual({ date: '2026-02-27' })
    expect(m.match('PATCH', '/api/admin/issues/42')?.value).toBe('patch /api/admin/issues/{id}')
  })

  it('prefers a literal segment over a parameter at the first position they differ', () => {
    expect(m.match('GET', '/api/nodes/n1/items/i1')).toEqual({ value: 'get /api/nodes/{id}/items/{item}', params: { id: 'n1', item: 'i1' } })
    expect(m.match('GET', '/api/books/items/b1')).toEqual({ value: 'get /api/{kind}/items/{id}', params: { kind: 'books', id: 'b1' } })
  })

  it('matches the method exactly and the path segment by segment', () => {
    expect(m.match('DELETE', '/api/admin/issues/42')).toBeNull()
    expect(m.match('GET', '/api/feeds/2026-02-27/extra')).toBeNull()
    expect(m.match('GET', '/api/feeds/')).toBeNull() // an empty segment is not a parameter
    expect(m.match('GET', '/api/admin/issues')).toBeNull()
  })

  it('declines percent-encoded paths, which Hono decodes before matching', () => {
    expect(m.match('GET', '/api/feeds/2026%2D02%2D27')).toBeNull()
  })

  it('refuses a template whose parameter is part of a segment', () => {
    expect(() => new RouteMatcher().add('get', '/files/{id}.pdf', 1)).toThrow(/whole path segment/)
  })

  it('resolves every operation of the five contracts to itself', () => {
    const all = new RouteMatcher<string>()
    const routes = contracts.flatMap((c) => c.table.routes.map((r) => ({ slug: c.table.slug, ...r })))
    for (const r of routes) all.add(r.method, r.path, `${r.slug}:${r.operationId}`)
    for (const r of routes) {
      const concrete = r.path.replace(/\{([^}]+)\}/g, 'x-$1')
      const found = all.match(r.method.toUpperCase(), concrete)
      // A concrete path may legitimately belong to a more specific route (a literal segment).
      const expected = routes.find((o) => o.method === r.method && new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete) && !o.path.includes('{'))
      expect(found?.value, `${r.method} ${r.path}`).toBe(expected ? `${expected.slug}:${expected.operationId}` : `${r.slug}:${r.operationId}`)
    }
  })
})
