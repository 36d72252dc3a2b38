/**
 * The kit's contract suite against saju's real handlers, after the seed hook: every documented
 * request example answered with a documented, valid response; every derived bad request and bad
 * credential refused in saju's shape.
 *
 * Bridge until test/support/credentials.ts takes saju's `devCredentials`: the suite mints an
 * unstored JWT for `user-test-1`, which real mode rightly refuses (tokens must be stored), so the
 * transport swaps that one credential for the seeded example user's stored token. Wrong
 * credentials pass through untouched.
 * rewardTokens' example receipt is signed with AdMob's key at 2026-11-24: it cannot verify here
 * (reward.test.ts covers the path with keys generated on loopback).
 */
import { afterAll } from 'vitest'
import { contractSuite } from '../contract/contract-suite.js'
import { createServer, type Server } from '../../src/server.js'
import { testConfig } from '../support/server.js'
import { freshDatabaseUrl } from '../support/database.js'
import { saju } from '../../src/services/saju/index.js'
import * as sdk from '../../generated/saju/sdk/index.js'
import { createClient } from '../../generated/saju/sdk/client/index.js'

let server: Promise<{ server: Server; auth: string }> | undefined
const shared = () =>
  (server ??= (async () => {
    const s = await createServer(testConfig({ DATABASE_URL: await freshDatabaseUrl(), SAJU_RATE_LIMIT_PER_MIN: '1000000' }))
    await saju.seed!(s.deps)
    const creds = await saju.devCredentials!(s.deps)
    return { server: s, auth: creds.bearerAuth.Authorization }
  })())

afterAll(async () => (await server)?.server.stop())

const isSuiteToken = (h: string | null) => {
  const jwt = h?.match(/^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/)
  if (!jwt) return false
  try {
    return JSON.parse(Buffer.from(jwt[2], 'base64url').toString()).sub === 'user-test-1'
  } catch {
    return false
  }
}

contractSuite({
  name: 'real',
  def: saju,
  sdk: sdk as Record<string, unknown>,
  createClient: ((config: Record<string, unknown>) => {
    const inner = config.fetch as typeof fetch
    return createClient({
      ...config,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const req = input instanceof Request ? input : new Request(input, init)
        if (!isSuiteToken(req.headers.get('authorization'))) return inner(req)
        const headers = new Headers(req.headers)
        headers.set('authorization', (await shared()).auth)
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer()
        return inner(new Request(req.url, { method: req.method, headers, body }))
      }) as typeof fetch,
    })
  }) as any,
  server: async () => (await shared()).server,
  skipPositive: ['rewardTokens'],
})
