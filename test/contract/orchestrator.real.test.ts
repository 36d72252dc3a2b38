/**
 * The contract suite against the orchestrator's real handlers (SQLite in memory): every
 * documented example answered with a documented, valid response; every derived bad request and
 * bad credential refused in the contract's shape.
 */
import { afterAll } from 'vitest'
import { contractSuite } from './contract-suite.js'
import { testServer } from '../support/server.js'
import { orchestrator } from '../../src/services/orchestrator/index.js'
import type { Server } from '../../src/server.js'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { createClient } from '../../generated/orchestrator/sdk/client/index.js'

let server: Promise<Server> | undefined
// Rate limits are raised here (the suite sends hundreds of requests); they have their own tests.
const shared = () =>
  (server ??= testServer({
    ORCH_RATE_LIMIT_AUTH_PER_MIN: '1000000',
    ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '1000000',
    ORCH_RATE_LIMIT_EMERGENCY_PER_10MIN: '1000000',
    ORCH_RESET_HOLD_MS: '0',
  }))

afterAll(async () => (await server)?.stop())

// Over loopback HTTP, the path `make run` serves (the mock suite covers the in-process path).
contractSuite({ name: 'real', def: orchestrator, sdk: sdk as Record<string, unknown>, createClient: createClient as any, server: shared, transport: 'http' })
