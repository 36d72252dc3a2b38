/**
 * The contract suite against every contract served by real handlers (a contract still served by
 * the mock is left to mock.test.ts), over loopback HTTP: the path `make run` serves. One server
 * for all, on a fresh database (SQLite in memory, or PostgreSQL with TEST_DATABASE_URL). Each
 * service's seed hook restores what its examples name before each example.
 */
import { afterAll } from 'vitest'
import { contractSuite } from './contract-suite.js'
import { SDKS, UNLIMITED } from './sdks.js'
import { testServer, TEST_SECRETS } from '../support/server.js'
import { contracts } from '../../src/services/index.js'
import type { Server } from '../../src/server.js'
import { NodeRunner } from '../../src/services/orchestrator/node-runner/runner.js'
import { examples } from '../../generated/orchestrator/examples.gen.js'
import { examples as findoriExamples } from '../../generated/findori/examples.gen.js'
import { startFixtureHost, type FixtureHost } from '../findori/rss-fixtures.js'
import { serveTestOnlyKey } from '../saju/admob-test-only-key.js'
import { rm } from 'node:fs/promises'
import { operator } from '../../src/services/operator/index.js'
import { ArtifactStore } from '../../src/services/operator/artifact-store.js'
import { EXPORT_PATH, ticketPath } from '../../src/services/operator/artifacts.js'
import { DEMO_PLAN_ID } from '../../src/services/operator/seed.js'

let server: Promise<Server> | undefined
// The findori login example's password is the admin's here, and its pipeline may fetch from the
// loopback RSS host below (its seeded sources' real hosts are out of a test machine's reach).
const loginExample = Object.values(findoriExamples.adminLogin.request.body ?? {})[0] as { password: string }
// saju's reward examples are signed by the TEST-ONLY AdMob key: its loopback key server is saju's key source.
let admobKeys: Awaited<ReturnType<typeof serveTestOnlyKey>> | undefined
const shared = () =>
  (server ??= serveTestOnlyKey().then((keys) => {
    admobKeys = keys
    return testServer({
      ...UNLIMITED,
      ORCH_RESET_HOLD_MS: '0',
      FINDORI_ADMIN_PASSWORD: loginExample.password,
      FINDORI_FETCH_ALLOW_PRIVATE: '1',
      SAJU_SSV_KEYS_URL: keys.url,
    })
  }))
const runners: NodeRunner[] = []
let rssHost: FixtureHost | undefined

afterAll(async () => {
  for (const r of runners) r.stop()
  await (await server)?.stop()
  await rssHost?.close()
  await admobKeys?.close()
})

/** What a seed cannot do: the orchestrator's examples command a device whose node is connected. */
const PREPARE: Record<string, (server: Server) => Promise<void>> = {
  /** The cron example runs the whole pipeline: its sources are pointed at a loopback RSS host. */
  findori: async (s) => {
    rssHost ??= await startFixtureHost()
    const sources = await s.deps.db.selectFrom('findori_sources').select('id').execute()
    for (const { id } of sources)
      await s.deps.db
        .updateTable('findori_sources')
        .set({ rss_url: rssHost.url(`/hankyung.xml?source=${id}`) })
        .where('id', '=', id)
        .execute()
  },
  /**
   * Every submit example approves the demo plan and the publish examples replace the latest
   * export: the demo plan is put back, unexecuted, with its ticket in sync (the seed never
   * replaces an export or an execution that is there).
   */
  operator: async (s) => {
    const { db, config } = s.deps
    const ids = (await db.selectFrom('operator_executions').select('execution_id').where('plan_id', '=', DEMO_PLAN_ID).execute()).map((r) => r.execution_id)
    if (ids.length) {
      await db.deleteFrom('operator_execution_orders').where('execution_id', 'in', ids).execute()
      await db.deleteFrom('operator_executions').where('execution_id', 'in', ids).execute()
    }
    const store = new ArtifactStore(config.operator.artifactRoot)
    for (const path of [EXPORT_PATH, ticketPath('2026-02-18')]) await rm(store.resolve(path), { force: true })
    await operator.seed!(s.deps)
  },
  orchestrator: async (s) => {
    const port = await s.start()
    const nodeId = String(examples.getNode.request.params.path.node_id)
    const deviceId = String(examples.getDevice.request.params.path.device_id)
    if (!runners.length) await connectRunner(port, nodeId, deviceId)
    // An emergency example drops the node's connection; the runner reconnects on its own.
    const deadline = Date.now() + 5000
    const { getNode } = await import('../../src/services/orchestrator/repo.js')
    while (Date.now() < deadline && (await getNode(s.deps.db, nodeId))?.status !== 'online') await new Promise((r) => setTimeout(r, 20))
    // A reset example's reset completes after its hold (0 here) on a timer: the next reset
    // example would find it still in progress (409) on a slow database.
    const inProgress = () => s.deps.db.selectFrom('orch_resets').select('id').where('status', '=', 'initiated').execute()
    while (Date.now() < deadline && (await inProgress()).length) await new Promise((r) => setTimeout(r, 20))
  },
}

async function connectRunner(port: number, nodeId: string, deviceId: string) {
  const runner = new NodeRunner({
    url: `ws://127.0.0.1:${port}`,
    nodeId,
    token: TEST_SECRETS.ORCH_NODE_TOKEN,
    devices: 1,
    msPerSecond: 1,
    heartbeatIntervalMs: 1000,
  })
  // The simulated phone takes the examples' device id (the runner names its own otherwise).
  const [device] = runner.devices.values()
  runner.devices.clear()
  runner.devices.set(deviceId, { ...device, id: deviceId })
  runners.push(runner)
  await runner.start()
}

/** Examples that cannot succeed here, and why (they must still get a documented answer). None today. */
const CANNOT_SUCCEED: Record<string, Record<string, string>> = {}

const served = await shared()
for (const def of contracts) {
  if (served.mocked.includes(def.table.slug)) continue
  const [sdk, createClient] = await SDKS[def.table.slug]()
  contractSuite({
    name: 'real',
    def,
    validators: await def.loadValidators(),
    sdk,
    createClient,
    server: shared,
    transport: 'http',
    positive: 'success',
    prepare: PREPARE[def.table.slug],
    cannotSucceed: CANNOT_SUCCEED[def.table.slug],
  })
}
