/**
 * A findori test server over loopback HTTP with a movable clock, an SDK client bound to it, and
 * helpers to log in and to hold a session cookie.
 */
import { createClient, type Client } from '../../generated/findori/sdk/client/index.js'
import * as sdk from '../../generated/findori/sdk/index.js'
import { createServer, type Server } from '../../src/server.js'
import { freshDatabaseUrl } from '../support/database.js'
import { testConfig } from '../support/server.js'

export const PASSWORD = 'findori-test-password-0123'

export class TestClock {
  constructor(public t = new Date('2026-02-28T04:00:00Z')) {}
  now = () => new Date(this.t)
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms)
  }
}

export interface Running {
  server: Server
  client: Client
  baseUrl: string
  clock: TestClock
  login(): Promise<string>
  admin(cookie: string): { client: Client; headers: Record<string, string> }
  stop(): Promise<void>
}

export async function startFindori(env: Record<string, string> = {}, clock = new TestClock()): Promise<Running> {
  const server = await createServer(
    testConfig({
      DATABASE_URL: await freshDatabaseUrl(),
      SEED_EXAMPLES: 'true',
      FINDORI_ADMIN_PASSWORD: PASSWORD,
      FINDORI_ADMIN_ORIGINS: 'https://admin.findori.test',
      ...env,
    }),
    { clock },
  )
  const baseUrl = `http://127.0.0.1:${await server.start()}`
  const client = createClient({ baseUrl })
  return {
    server,
    client,
    baseUrl,
    clock,
    async login() {
      const res = await sdk.adminLogin({ client, body: { password: PASSWORD } })
      if (res.response.status !== 200) throw new Error(`login failed: ${res.response.status}`)
      return /^session=([^;]+)/.exec(res.response.headers.get('set-cookie')!)![1]
    },
    admin(cookie) {
      const headers = { Cookie: `session=${cookie}` }
      return { client: createClient({ baseUrl, headers }), headers }
    },
    stop: () => server.stop(),
  }
}

/** Polls until `done` holds (pipeline jobs end in the background); a failed wait names what it waited for. */
export async function waitFor<T>(get: () => Promise<T>, done: (v: T) => boolean, what: string, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await get()
    if (done(v)) return v
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}
