/**
 * A real saju server for tests: fresh database, a settable clock, seeded example data, users made
 * the way `saju user create` makes them (stored, hashed API tokens), and SDK clients per user.
 */
import { createServer, type Server } from '../../src/server.js'
import { testConfig } from '../support/server.js'
import { freshDatabaseUrl } from '../support/database.js'
import { createClient } from '../../generated/saju/sdk/client/index.js'
import type { Clock } from '../../src/deps.js'
import { createUser } from '../../src/services/saju/repo.js'
import { issueApiToken } from '../../src/services/saju/security.js'
import { saju } from '../../src/services/saju/index.js'
import type { PlanId } from '../../src/services/saju/plans.js'

export class TestClock implements Clock {
  constructor(public t: number) {}
  now() {
    return new Date(this.t)
  }
  advance(ms: number) {
    this.t += ms
  }
}

export interface SajuRig {
  server: Server
  base: string
  clock: TestClock
  /** A new user with a stored token, and an SDK client sending it. */
  user(plan?: PlanId, welcome?: number): Promise<{ id: string; token: string; client: ReturnType<typeof createClient> }>
  client(token?: string): ReturnType<typeof createClient>
  stop(): Promise<void>
}

let n = 0
export const rid = () => `req-test-${Date.now().toString(36)}-${(++n).toString().padStart(5, '0')}`

export async function startSaju(env: Record<string, string> = {}, start = Date.parse('2026-11-24T02:00:00Z'), databaseUrl?: string): Promise<SajuRig> {
  const clock = new TestClock(start)
  const server = await createServer(testConfig({ DATABASE_URL: databaseUrl ?? (await freshDatabaseUrl()), SAJU_RATE_LIMIT_PER_MIN: '100000', ...env }), {
    clock,
  })
  await saju.seed!(server.deps)
  await server.ready()
  const port = await server.start()
  const base = `http://127.0.0.1:${port}`
  const client = (token?: string) => createClient({ baseUrl: base, headers: token ? { Authorization: `Bearer ${token}` } : {} })
  let users = 0
  return {
    server,
    base,
    clock,
    client,
    async user(plan = 'free', welcome = 3) {
      const id = `u_test${(++users).toString().padStart(3, '0')}_${Math.random().toString(36).slice(2, 8)}`
      await createUser(server.deps.db, id, plan, welcome, clock.now())
      const { token } = await issueApiToken(server.deps.db, server.deps.config.secrets.sajuJwtSecret, id, clock.now())
      return { id, token, client: client(token) }
    },
    stop: () => server.stop(),
  }
}
