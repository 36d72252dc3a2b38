/**
 * Test servers: a fresh app per suite with a fixed config, and an SDK client bound to it.
 * `inProcessFetch` routes the SDK's fetch to `app.request()` (no port, Hono's fetch path);
 * `overHttpFetch` listens on an ephemeral loopback port so the served path runs too.
 */
import { loadConfig, type Config } from '../../src/config.js'
import { createServer, type Server } from '../../src/server.js'
import { freshDatabaseUrl } from './database.js'

export const TEST_SECRETS = {
  ORCH_ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
  ORCH_NODE_TOKEN: 'test-node-token-0123456789abcdef',
  EXPORT_CONFIRM_TOKEN: 'test-export-confirm-0123456789',
  CRON_SECRET: 'test-cron-secret-0123456789abcdef',
  FINDORI_ADMIN_PASSWORD: 'test-admin-password-0123',
  SAJU_JWT_SECRET: 'test-saju-jwt-secret-0123456789abcdef',
  OPERATOR_API_TOKEN: 'test-operator-api-token-0123456789',
  OPERATOR_EXPORT_TOKEN: 'test-operator-export-token-0123456789',
  HITL_API_TOKEN: 'test-hitl-api-token-0123456789abcdef',
  SAJU_SIGNING_KEY: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', // RFC 8032 test 1 seed
}

export function testConfig(env: Record<string, string> = {}): Readonly<Config> {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: ':memory:', PORT: '0', HOST: '127.0.0.1', ...TEST_SECRETS, ...env })
}

export async function testServer(env: Record<string, string> = {}): Promise<Server> {
  const server = await createServer(testConfig({ DATABASE_URL: await freshDatabaseUrl(), ...env }))
  // Every contract's validators loaded now, not inside the first test that reaches each contract
  // (under vitest's transform that is seconds, counted against that test's timeout).
  await server.ready()
  return server
}

/** A fetch that answers through the app without opening a socket. */
export const inProcessFetch = (server: Server) =>
  ((input: RequestInfo | URL, init?: RequestInit) => server.app.request(input instanceof Request ? input : new Request(input, init))) as typeof fetch

const listening = new WeakMap<Server, Promise<string>>()

/**
 * A fetch that sends the request over loopback HTTP to the server (started on first use, on an
 * ephemeral port), so the served path runs: the node fast lane for operations, Hono for the rest.
 * The URL's own origin is replaced; `stop()` closes the listener as usual.
 */
export const overHttpFetch = (server: Server) =>
  (async (input: RequestInfo | URL, init?: RequestInit) => {
    let base = listening.get(server)
    if (!base) listening.set(server, (base = server.start().then((port) => `http://127.0.0.1:${port}`)))
    const req = input instanceof Request ? input : new Request(input, init)
    const url = new URL(req.url)
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(await req.arrayBuffer())
    return fetch(`${await base}${url.pathname}${url.search}`, { method: req.method, headers: req.headers, body, redirect: 'manual' })
  }) as typeof fetch
