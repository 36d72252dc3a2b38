/**
 * TRUST_PROXY over HTTP: who a request comes from decides its rate-limit budget (the
 * orchestrator's anonymous limit, 2 a minute here, keyed by client address). Off, the socket
 * peer is the client and a forged X-Forwarded-For changes nothing; with the peer trusted, each
 * forwarded client has its own budget; a header from a peer that is not trusted is ignored. Both
 * transports: the node lane (GET) and the Hono app (HEAD).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { clientAddress, compileTrust } from '../../src/kit/client-address.js'
import type { Server } from '../../src/server.js'
import { testServer, TEST_SECRETS } from '../support/server.js'

const servers: Server[] = []
afterAll(() => Promise.all(servers.map((s) => s.stop())))

/** A server on a loopback port: `health(xff)` answers the anonymous budget left after the call. */
async function serve(trustProxy: string) {
  const server = await testServer({ SERVE_MODE: 'mock', ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '2', TRUST_PROXY: trustProxy })
  servers.push(server)
  const base = `http://127.0.0.1:${await server.start()}`
  return async (forwardedFor?: string, method: 'GET' | 'HEAD' = 'GET') => {
    const res = await fetch(`${base}/health`, { method, headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} })
    await res.arrayBuffer()
    return { status: res.status, remaining: res.headers.get('x-ratelimit-remaining') }
  }
}

describe('TRUST_PROXY', () => {
  it('off (the default): a forged X-Forwarded-For does not buy a new budget', async () => {
    const health = await serve('')
    expect(await health('203.0.113.1')).toEqual({ status: 200, remaining: '1' })
    expect(await health('203.0.113.2')).toEqual({ status: 200, remaining: '0' })
    expect((await health('203.0.113.3')).status).toBe(429)
  })

  it('loopback trusted: two forwarded clients get separate budgets, on both transports', async () => {
    const health = await serve('loopback')
    expect(await health('203.0.113.1')).toEqual({ status: 200, remaining: '1' })
    expect(await health('203.0.113.1', 'HEAD')).toEqual({ status: 200, remaining: '0' })
    expect((await health('203.0.113.1')).status).toBe(429)
    expect(await health('203.0.113.2', 'HEAD')).toEqual({ status: 200, remaining: '1' })
    // The client is the rightmost untrusted entry: what the client wrote further left is not asked,
    // and trusted hops (another loopback proxy) are skipped.
    expect(await health('203.0.113.1, 203.0.113.2')).toEqual({ status: 200, remaining: '0' })
    expect(await health('203.0.113.3, 127.0.0.1')).toEqual({ status: 200, remaining: '1' })
    // A request that came without the header is the peer itself.
    expect(await health()).toEqual({ status: 200, remaining: '1' })
  })

  it('ignores the header when the peer is not a trusted proxy', async () => {
    const health = await serve('10.0.0.0/8, 192.0.2.7')
    expect(await health('203.0.113.1')).toEqual({ status: 200, remaining: '1' })
    expect(await health('203.0.113.2', 'HEAD')).toEqual({ status: 200, remaining: '0' })
    expect((await health('203.0.113.4')).status).toBe(429)
  })

  it('a hop count trusts that many proxies in front of the server', async () => {
    const health = await serve('1')
    expect(await health('198.51.100.9, 203.0.113.1')).toEqual({ status: 200, remaining: '1' })
    expect(await health('198.51.100.9, 203.0.113.2')).toEqual({ status: 200, remaining: '1' })
  })
})

describe('clientAddress', () => {
  // The examples of Express's "trust proxy" documentation (proxy-addr's semantics).
  const xff = 'client, 10.0.0.1, 10.0.0.2'
  it('walks X-Forwarded-For from the right past trusted hops', () => {
    expect(clientAddress('127.0.0.1', xff, null)).toBe('127.0.0.1')
    expect(clientAddress('127.0.0.1', xff, compileTrust({ addresses: ['loopback'] }))).toBe('10.0.0.2')
    expect(clientAddress('127.0.0.1', xff, compileTrust({ addresses: ['loopback', '10.0.0.0/8'] }))).toBe('client')
    expect(clientAddress('127.0.0.1', xff, compileTrust({ hops: 2 }))).toBe('10.0.0.1')
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.5', compileTrust({ addresses: ['127.0.0.1'] }))).toBe('203.0.113.5')
    expect(clientAddress('192.0.2.1', xff, compileTrust({ addresses: ['loopback'] }))).toBe('192.0.2.1')
  })

  it('is configured by TRUST_PROXY, refusing what it cannot parse and trusting everyone', () => {
    const load = (v: string) => loadConfig({ NODE_ENV: 'test', ...TEST_SECRETS, TRUST_PROXY: v }).trustProxy
    expect(load('')).toBe(false)
    expect(load('2')).toEqual({ hops: 2 })
    expect(load('loopback, 10.0.0.0/8')).toEqual({ addresses: ['loopback', '10.0.0.0/8'] })
    expect(() => load('10.0.0.0/99')).toThrow(/TRUST_PROXY/)
    expect(() => load('true')).toThrow(/TRUST_PROXY/)
  })
})
