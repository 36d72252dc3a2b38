/**
 * Saju's global rules (seed 004 §2) as the kit enforces them with the mock handlers (SERVE_MODE=mock): bearer auth, required X-Request-Id, X-RateLimit-* headers, signatures.sha256
 * over the RFC 8785 canonical body, and Idempotency-Key replays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash, createPublicKey, verify } from 'node:crypto'
import { canonicalize } from 'json-canonicalize'
import { createClient } from '../../generated/saju/sdk/client/index.js'
import { createProfile, getEntitlements } from '../../generated/saju/sdk/index.js'
import { examples } from '../../generated/saju/examples.gen.js'
import type { Server } from '../../src/server.js'
import { inProcessFetch, testServer } from '../support/server.js'
import { credentialFor } from '../support/credentials.js'
import { saju } from '../../src/services/saju/index.js'

let server: Server
let client: ReturnType<typeof createClient>
let auth: Record<string, string>

beforeAll(async () => {
  server = await testServer({ SERVE_MODE: 'mock' })
  client = createClient({ baseUrl: 'http://test', fetch: inProcessFetch(server) })
  auth = (await credentialFor(server, saju, 'bearerAuth')).headers
})
afterAll(() => server?.stop())

const sha256Canonical = (body: Record<string, unknown>) => {
  const { signatures: _s, ...rest } = body
  return createHash('sha256').update(canonicalize(rest)).digest('hex')
}

describe('saju global rules', () => {
  it('signs every body: signatures.sha256 is SHA-256 of the canonical body without it', async () => {
    const { data, response } = await getEntitlements({ client, headers: { ...auth, 'X-Request-Id': 'req-saju-0001' } })
    expect(response.status).toBe(200)
    expect((data as any).signatures.sha256).toBe(sha256Canonical(data as any))
  })

  it('signs error bodies too, and requires X-Request-Id (400 naming /headers/x-request-id)', async () => {
    const { error, response } = await getEntitlements({ client, headers: { ...auth } as any })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ error_code: 'E_BAD_REQUEST', details: [{ pointer: '/headers/x-request-id' }] })
    expect((error as any).signatures.sha256).toBe(sha256Canonical(error as any))
    // never the refused value: a server-issued id, the same as the response's X-Request-Id
    expect((error as any).trace_id).toMatch(/^[A-Za-z0-9._:-]{8,128}$/)
  })

  it("publishes the key it signs with: a mock answer's X-Signature verifies against the mock's own JWKS", async () => {
    const jwks = await server.app.request('/api/v1/signing-keys')
    const { keys } = (await jwks.json()) as { keys: JsonWebKey[] }
    const res = await server.app.request('/api/v1/entitlements', { headers: { ...auth, 'X-Request-Id': 'req-saju-jwks1' } })
    const body = (await res.json()) as Record<string, unknown>
    const m = /keyid="([^"]+)", alg="ed25519", sig="([^"]+)"/.exec(res.headers.get('x-signature') ?? '')!
    const jwk = keys.find((k) => (k as { kid?: string }).kid === m[1])
    expect(jwk).toBeDefined()
    const { signatures: _s, ...rest } = body
    expect(verify(null, Buffer.from(canonicalize(rest)), createPublicKey({ key: jwk!, format: 'jwk' } as never), Buffer.from(m[2], 'base64url'))).toBe(true)
  })

  it('puts X-RateLimit-* on every response', async () => {
    const { response } = await getEntitlements({ client, headers: { ...auth, 'X-Request-Id': 'req-saju-0002' } })
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(response.headers.get(h)).toMatch(/^\d+$/)
  })

  it('refuses a missing or foreign bearer token with 401 E_UNAUTHORIZED', async () => {
    const { error, response } = await getEntitlements({ client, headers: { 'X-Request-Id': 'req-saju-0003', Authorization: 'Bearer a.b.c' } })
    expect(response.status).toBe(401)
    expect(error).toMatchObject({ error_code: 'E_UNAUTHORIZED' })
  })

  it('replays the first answer for a repeated Idempotency-Key with the same body', async () => {
    const body = Object.values(examples.createProfile.request.body!)[0] as any
    const headers = { ...auth, 'X-Request-Id': 'req-saju-0004', 'Idempotency-Key': 'idem-test-0001-abcdef' }
    const first = await createProfile({ client, headers, body })
    const again = await createProfile({ client, headers, body })
    expect(again.response.status).toBe(first.response.status)
    expect(again.data).toEqual(first.data)
    expect(again.response.headers.get('idempotency-replayed')).toBe('true')
  })

  it('refuses the same Idempotency-Key with a different body: 422 E_UNPROCESSABLE (IETF draft)', async () => {
    const body = Object.values(examples.createProfile.request.body!)[0] as any
    const headers = { ...auth, 'X-Request-Id': 'req-saju-0005', 'Idempotency-Key': 'idem-test-0002-abcdef' }
    await createProfile({ client, headers, body })
    const changed = structuredClone(body)
    changed.name = `${changed.name}2`
    const { error, response } = await createProfile({ client, headers, body: changed })
    expect(response.status).toBe(422)
    expect(error).toMatchObject({ error_code: 'E_UNPROCESSABLE', trace_id: 'req-saju-0005' })
  })
})
