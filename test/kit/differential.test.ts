/**
 * The two entrances of the app answer alike: every documented request example of every
 * operation, and a set of malformed requests, sent once through `app.request()` (Hono's fetch
 * path) and once over loopback HTTP (the node lane `make run` serves), to two servers built the
 * same way (same configuration, the same fixed clock, the same seed). Status, headers and body
 * must be identical, apart from what is random by design (server-issued ids) and transport
 * headers (Date, Connection, Keep-Alive). Run against the mock and against the real services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContractDefinition } from '../../src/kit/contract.js'
import type { RouteDef } from '../../src/kit/types.js'
import { createServer, type Server } from '../../src/server.js'
import { contracts } from '../../src/services/index.js'
import { credentialFor } from '../support/credentials.js'
import { freshDatabaseUrl } from '../support/database.js'
import { testConfig, TEST_SECRETS } from '../support/server.js'
import { UNLIMITED } from '../contract/sdks.js'

const FIXED = new Date('2026-03-02T03:04:05.000Z')
// Content-Length: fetch `Response`s built in process carry none; the bodies themselves are compared.
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'])
// Random by design: server-issued ids (`task-…`/`reset-…`: time prefix + random hex; UUIDs), one-time codes, simulated broker order ids.
const RANDOM_IDS = [
  /\b(task|reset)-[0-9a-z]{8,}\b/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
  /"confirm_code":"[A-Z0-9]+"/g,
  /\bsim_(rb_)?\d{8}_[0-9a-f]+\b/g,
]
// Signatures over bodies that carry such ids (saju's `signatures.sha256`, X-Signature): the bodies
// themselves are compared, so the signatures are equal whenever the bodies are.
// Timestamps: the clock is fixed, but some come from the file system (an artifact's mtime).
const TIMESTAMPS = [/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\b/g]
const SIGNATURES = [/"sha256":"[0-9a-f]{64}"/g, /sig="[A-Za-z0-9_-]+"/g]

interface Probe {
  label: string
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
  /** Restore the example resources first (real handlers). */
  seed?: boolean
  /** Credentials to mint from each server (a session lives in one server's database). */
  credential?: { def: ContractDefinition; scheme: string }
}

interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

const normalize = (text: string) =>
  [...RANDOM_IDS, ...SIGNATURES, ...TIMESTAMPS].reduce((t, re) => t.replace(re, (m) => m.replace(/[0-9a-zA-Z_-]/g, '0')), text)

async function read(res: Response): Promise<Answer> {
  const headers: Record<string, string> = {}
  res.headers.forEach((v, k) => {
    if (!TRANSPORT_HEADERS.has(k)) headers[k] = normalize(v)
  })
  const bytes = new Uint8Array(await res.arrayBuffer())
  const type = res.headers.get('content-type') ?? ''
  const body = /json|text|html|yaml/.test(type) ? normalize(new TextDecoder().decode(bytes)) : `${bytes.byteLength} bytes`
  return { status: res.status, headers, body }
}

function urlOf(route: RouteDef, params: { path: Record<string, unknown>; query: Record<string, unknown> }): string {
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(params.path[name] ?? 'x')))
  const query = new URLSearchParams(Object.entries(params.query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])).toString()
  return query ? `${path}?${query}` : path
}

function probesFor(server: Server, mode: 'mock' | 'real'): Probe[] {
  const probes: Probe[] = []
  let n = 0
  for (const def of contracts) {
    if (mode === 'real' && server.mocked.includes(def.table.slug)) continue
    for (const route of def.table.routes) {
      const ex = def.examples[route.operationId].request
      const headers: Record<string, string> = { 'X-Request-Id': '' }
      for (const [k, v] of Object.entries(ex.params.header)) headers[k] = String(v)
      const cookies = Object.entries(ex.params.cookie).map(([k, v]) => `${k}=${v}`)
      if (cookies.length) headers.Cookie = cookies.join('; ')
      const scheme = route.security?.[0] ? Object.keys(route.security[0])[0] : undefined
      const credential = scheme ? { def, scheme } : undefined
      if (route.body) headers['Content-Type'] = route.body.contentType
      const url = urlOf(route, ex.params)
      const method = route.method.toUpperCase()
      const bodies = route.body ? Object.entries(ex.body ?? { empty: {} }) : [['(none)', undefined] as const]
      const id = () => `diff-${mode}-${++n}`
      for (const [name, value] of bodies) {
        probes.push({
          label: `${route.operationId} "${name}"`,
          method,
          path: url,
          headers: { ...headers, 'X-Request-Id': id() },
          body: value === undefined ? undefined : JSON.stringify(value),
          seed: true,
          credential,
        })
      }
      // Malformed: without credentials, the wrong method, a trailing slash, and for bodies bad JSON,
      // a wrong type, a wrong media type and an oversized body.
      if (scheme) probes.push({ label: `${route.operationId} without credentials`, method, path: url, headers: { 'X-Request-Id': id() } })
      probes.push({
        label: `${route.operationId} with a trailing slash`,
        method,
        path: `${url.split('?')[0]}/`,
        headers: { ...headers, 'X-Request-Id': id() },
        credential,
      })
      const other = method === 'PATCH' ? 'PUT' : 'PATCH'
      probes.push({ label: `${route.operationId} with ${other}`, method: other, path: url, headers: { ...headers, 'X-Request-Id': id() }, credential })
      if (route.body?.json) {
        probes.push({ label: `${route.operationId} bad JSON`, method, path: url, headers: { ...headers, 'X-Request-Id': id() }, body: '{"oops":', credential })
        probes.push({ label: `${route.operationId} wrong type`, method, path: url, headers: { ...headers, 'X-Request-Id': id() }, body: '[1,2,3]', credential })
        probes.push({
          label: `${route.operationId} text/plain`,
          method,
          path: url,
          headers: { ...headers, 'Content-Type': 'text/plain', 'X-Request-Id': id() },
          body: '{}',
          credential,
        })
        probes.push({
          label: `${route.operationId} oversized`,
          method,
          path: url,
          headers: { ...headers, 'X-Request-Id': id() },
          body: JSON.stringify({ pad: 'x'.repeat(5000) }),
          credential,
        })
      }
    }
  }
  probes.push({ label: 'unknown path', method: 'GET', path: '/api/nothing/here', headers: { 'X-Request-Id': 'diff-unknown' } })
  probes.push({ label: 'outside every API', method: 'GET', path: '/nowhere', headers: { 'X-Request-Id': 'diff-nowhere' } })
  probes.push({
    label: 'percent-escaped parameter',
    method: 'GET',
    path: '/api/devices/device%2D001',
    headers: { 'X-Request-Id': 'diff-escaped', Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` },
  })
  probes.push({
    label: 'HEAD of a GET',
    method: 'HEAD',
    path: '/api/nodes',
    headers: { 'X-Request-Id': 'diff-head', Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` },
  })
  probes.push({ label: 'index page', method: 'GET', path: '/', headers: {} })
  return probes
}

async function twinServer(mode: 'mock' | 'real'): Promise<Server> {
  const env = { ...UNLIMITED, ORCH_RESET_HOLD_MS: '0', BODY_LIMIT_BYTES: '4096', ...(mode === 'mock' ? { SERVE_MODE: 'mock' } : {}) }
  const server = await createServer(testConfig({ DATABASE_URL: await freshDatabaseUrl(), ...env }), { clock: { now: () => new Date(FIXED) } })
  await server.ready()
  return server
}

for (const mode of ['mock', 'real'] as const) {
  describe(`${mode}: app.request() and loopback HTTP answer alike`, () => {
    let inProcess: Server
    let overHttp: Server
    let base = ''
    beforeAll(async () => {
      inProcess = await twinServer(mode)
      overHttp = await twinServer(mode)
      base = `http://127.0.0.1:${await overHttp.start()}`
    })
    afterAll(async () => {
      await inProcess?.stop()
      await overHttp?.stop()
    })

    it('gives identical answers to every documented example and every malformed request', async () => {
      const probes = probesFor(inProcess, mode)
      expect(probes.length).toBeGreaterThan(mode === 'mock' ? 300 : 50)
      const differences: string[] = []
      for (const p of probes) {
        if (p.seed && mode === 'real') {
          for (const s of [inProcess, overHttp]) for (const def of contracts) await def.seed?.(s.deps)
        }
        const init = async (s: Server): Promise<RequestInit> => {
          const headers = { ...p.headers }
          if (p.credential) Object.assign(headers, (await credentialFor(s, p.credential.def, p.credential.scheme)).headers)
          return { method: p.method, headers, body: p.body }
        }
        const a = await read(await inProcess.app.request(p.path, await init(inProcess)))
        const b = await read(await fetch(`${base}${p.path}`, await init(overHttp)))
        if (JSON.stringify(a) !== JSON.stringify(b))
          differences.push(`${p.label}:\n  in process: ${JSON.stringify(a).slice(0, 600)}\n  over HTTP:  ${JSON.stringify(b).slice(0, 600)}`)
      }
      expect(differences, differences.join('\n')).toEqual([])
      // Hundreds of probes, twice each, on a database per server: ~17 s on a busy 2-core machine.
    }, 60_000)
  })
}
