/**
 * The contract suite against the mock server (`make mock`): every operation of every contract
 * behind the real router, security and validators, refusing what the real server refuses. Its
 * positive answers are the spec's own examples, already validated by `make gen`; `Prefer`
 * handling has its own tests (test/kit/mock.test.ts), and the transports are compared by the
 * differential test (test/kit/differential.test.ts).
 */
import { afterAll } from 'vitest'
import { contractSuite } from './contract-suite.js'
import { SDKS, UNLIMITED } from './sdks.js'
import { testServer } from '../support/server.js'
import { contracts } from '../../src/services/index.js'
import type { Server } from '../../src/server.js'

let server: Promise<Server> | undefined
const shared = () => (server ??= testServer({ SERVE_MODE: 'mock', ...UNLIMITED }))

afterAll(async () => (await server)?.stop())

for (const def of contracts) {
  const load = SDKS[def.table.slug]
  if (!load) throw new Error(`no SDK registered for ${def.table.slug} in test/contract/sdks.ts`)
  const [sdk, createClient] = await load()
  contractSuite({ name: 'mock', def, validators: await def.loadValidators(), sdk, createClient, server: shared, positive: 'none' })
}
