/**
 * A real app with the hitl service on a loopback port, an SDK client holding the hitl bearer
 * token (from the definition's devCredentials, as `make run` prints it), and helpers to start
 * threads. `database` chooses the app database (a file for the restart tests).
 */
import { createServer, type Server } from '../../src/server.js'
import { testConfig } from '../support/server.js'
import { freshDatabaseUrl } from '../support/database.js'
import { createClient } from '../../generated/hitl/sdk/client/index.js'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { hitl } from '../../src/services/hitl/index.js'
import type { ThreadCreateRequest } from '../../generated/hitl/sdk/types.gen.js'

export const TOKEN = 'test-hitl-token-0123456789abcdef'

export interface Running {
  server: Server
  base: string
  client: ReturnType<typeof createClient>
  auth: Record<string, string>
  start(body: ThreadCreateRequest): Promise<NonNullable<Awaited<ReturnType<typeof sdk.createApprovalThread>>['data']>>
  stop(): Promise<void>
}

export async function startHitl(env: Record<string, string> = {}, databaseUrl?: string): Promise<Running> {
  const server = await createServer(
    testConfig({
      DATABASE_URL: databaseUrl ?? (await freshDatabaseUrl()),
      HITL_API_TOKEN: TOKEN,
      ...env,
      ...(process.env.TEST_LOG_LEVEL ? { LOG_LEVEL: process.env.TEST_LOG_LEVEL } : {}),
    }),
  )
  const port = await server.start()
  const base = `http://127.0.0.1:${port}`
  const auth = (await hitl.devCredentials!(server.deps)).hitlBearer
  const client = createClient({ baseUrl: base, headers: auth })
  return {
    server,
    base,
    client,
    auth,
    async start(body) {
      const res = await sdk.createApprovalThread({ client, body })
      if (res.response.status !== 201) throw new Error(`start answered ${res.response.status}: ${JSON.stringify(res.error)}`)
      return res.data!
    },
    stop: () => server.stop(),
  }
}
