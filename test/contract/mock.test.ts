/**
 * The contract suite against the mock server: every operation of every contract, answered from
 * the spec's examples behind the real router, security and validators; in process (Hono's fetch
 * path) and over loopback HTTP (the served node fast lane).
 */
import { afterAll } from 'vitest'
import { contractSuite } from './contract-suite.js'
import { testServer } from '../support/server.js'
import { contracts } from '../../src/services/index.js'
import type { Server } from '../../src/server.js'

let server: Promise<Server> | undefined
let served: Promise<Server> | undefined
// Rate limits are raised here (the suite sends hundreds of requests); they have their own tests.
const UNLIMITED = {
  ORCH_RATE_LIMIT_AUTH_PER_MIN: '1000000',
  ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '1000000',
  ORCH_RATE_LIMIT_EMERGENCY_PER_10MIN: '1000000',
  SAJU_RATE_LIMIT_PER_MIN: '1000000',
}
const shared = () => (server ??= testServer({ SERVE_MODE: 'mock', ...UNLIMITED }))
const sharedOverHttp = () => (served ??= testServer({ SERVE_MODE: 'mock', ...UNLIMITED }))

const sdks: Record<string, () => Promise<[Record<string, unknown>, (c: Record<string, unknown>) => unknown]>> = {
  operator: async () => [await import('../../generated/operator/sdk/index.js'), (await import('../../generated/operator/sdk/client/index.js')).createClient as any],
  hitl: async () => [await import('../../generated/hitl/sdk/index.js'), (await import('../../generated/hitl/sdk/client/index.js')).createClient as any],
  orchestrator: async () => [await import('../../generated/orchestrator/sdk/index.js'), (await import('../../generated/orchestrator/sdk/client/index.js')).createClient as any],
  saju: async () => [await import('../../generated/saju/sdk/index.js'), (await import('../../generated/saju/sdk/client/index.js')).createClient as any],
  findori: async () => [await import('../../generated/findori/sdk/index.js'), (await import('../../generated/findori/sdk/client/index.js')).createClient as any],
}

afterAll(async () => {
  await (await server)?.stop()
  await (await served)?.stop()
})

for (const def of contracts) {
  const load = sdks[def.table.slug]
  if (!load) throw new Error(`no SDK registered for ${def.table.slug} in mock.test.ts`)
  const [sdk, createClient] = await load()
  contractSuite({ name: 'mock', def, sdk, createClient, server: shared })
  // Again over loopback HTTP: the node fast lane must answer exactly as Hono's fetch path does.
  contractSuite({ name: 'mock over HTTP', def, sdk, createClient, server: sharedOverHttp, transport: 'http' })
}
