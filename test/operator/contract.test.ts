/**
 * The contract suite against the operator's real handlers after the seed hook, over loopback
 * HTTP: every documented request example gets a documented (success) answer, every derived bad
 * request and bad credential is refused in the FastAPI shape.
 */
import { afterAll } from 'vitest'
import { contractSuite } from '../contract/contract-suite.js'
import { operator } from '../../src/services/operator/index.js'
import * as sdk from '../../generated/operator/sdk/index.js'
import { createClient } from '../../generated/operator/sdk/client/index.js'
import { startOperator, type Running } from './harness.js'

let running: Promise<Running> | undefined
const shared = () => (running ??= startOperator()).then((r) => r.server)
afterAll(async () => (await running)?.stop())

contractSuite({ name: 'real', def: operator, sdk: sdk as Record<string, unknown>, createClient: createClient as any, server: shared, transport: 'http' })
