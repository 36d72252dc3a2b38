/**
 * The kit's one router: OpenAPI templates, literal-before-parameter precedence, percent-decoding,
 * dot segments, and the misses (405 with Allow, 404 with the owner of the longest prefix).
 */
import { describe, expect, it } from 'vitest'
import { RouteMatcher } from '../../src/kit/router.js'
import { contracts } from '../../src/services/index.js'

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
    expect(m.lookup('GET', '/api/feeds/latest')).toEqual({ kind: 'found', value: 'get /api/feeds/latest', params: {} })
    expect(m.lookup('GET', '/api/feeds/2026-02-27')).toEqual({ kind: 'found', value: 'get /api/feeds/{date}', params: { date: '2026-02-27' } })
    expect(m.lookup('POST', '/api/admin/feeds/2026-02-27/publish')).toMatchObject({ params: { date: '2026-02-27' } })
    expect(m.lookup('PATCH', '/api/admin/issues/42')).toMatchObject({ value: 'patch /api/admin/issues/{id}' })
  })

  it('prefers a literal segment over a parameter at the first position they differ', () => {
    expect(m.lookup('GET', '/api/nodes/n1/items/i1')).toEqual({ kind: 'found', value: 'get /api/nodes/{id}/items/{item}', params: { id: 'n1', item: 'i1' } })
    expect(m.lookup('GET', '/api/books/items/b1')).toEqual({ kind: 'found', value: 'get /api/{kind}/items/{id}', params: { kind: 'books', id: 'b1' } })
  })

  it('matches the method exactly and the path segment by segment', () => {
    expect(m.lookup('DELETE', '/api/admin/issues/42')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'PATCH'], owner: 'get /api/admin/issues/{id}' })
    expect(m.allowedMethods('/api/admin/issues/42')).toEqual(['GET', 'PATCH'])
    expect(m.lookup('GET', '/api/feeds/2026-02-27/extra').kind).toBe('not_found')
    expect(m.lookup('GET', '/api/feeds/').kind).toBe('not_found') // an empty segment is not a parameter
    expect(m.lookup('GET', '/api/admin/issues').kind).toBe('not_found')
  })

  it('decodes percent-escapes once per segment, literals included', () => {
    expect(m.lookup('GET', '/api/feeds/2026%2D02%2D27')).toEqual({ kind: 'found', value: 'get /api/feeds/{date}', params: { date: '2026-02-27' } })
    expect(m.lookup('GET', '/api/feeds/l%61test')).toEqual({ kind: 'found', value: 'get /api/feeds/latest', params: {} })
    expect(m.lookup('GET', '/api/feeds/a%2Fb')).toEqual({ kind: 'found', value: 'get /api/feeds/{date}', params: { date: 'a/b' } })
    expect(m.lookup('GET', '/api/feeds/%E0%A4%A')).toMatchObject({ kind: 'not_found' }) // a malformed escape
  })

  it('never binds a dot segment, and names the owner of the longest prefix on a miss', () => {
    for (const path of ['/api/admin/issues/..', '/api/admin/issues/%2e%2e', '/api/admin/issues/.']) {
      expect(m.lookup('GET', path), path).toEqual({ kind: 'not_found', allow: [], owner: 'get /api/admin/issues/{id}' })
    }
    expect(m.lookup('GET', '/elsewhere')).toEqual({ kind: 'not_found', allow: [], owner: null })
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
      const found = all.lookup(r.method.toUpperCase(), concrete)
      // A concrete path may legitimately belong to a more specific route (a literal segment).
      const expected = routes.find(
        (o) => o.method === r.method && new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete) && !o.path.includes('{'),
      )
      expect(found.kind === 'found' && found.value, `${r.method} ${r.path}`).toBe(
        expected ? `${expected.slug}:${expected.operationId}` : `${r.slug}:${r.operationId}`,
      )
    }
  })
})
