/**
 * The contract suite against hitl's real handlers (SQLite in memory, or PostgreSQL with
 * TEST_DATABASE_URL), after the seed hook created the threads the examples name: every
 * documented example answered with a documented, valid response; every derived bad request and
 * bad credential refused in hitl's shape.
 */
import { afterAll } from 'vitest'
import { contractSuite } from './contract-suite.js'
import { testServer } from '../support/server.js'
import { hitl } from '../../src/services/hitl/index.js'
import type { Server } from '../../src/server.js'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { createClient } from '../../generated/hitl/sdk/client/index.js'

let server: Promise<Server> | undefined
const shared = () =>
  (server ??= testServer().then(async (s) => {
    await hitl.seed!(s.deps)
    return s
  }))

afterAll(async () => (await server)?.stop())

contractSuite({ name: 'real', def: hitl, sdk: sdk as Record<string, unknown>, createClient: createClient as any, server: shared, transport: 'http' })
