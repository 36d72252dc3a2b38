/**
 * One sweeper for several processes on one PostgreSQL (issue 14): each process ticks, one sweeps
 * (the holder of the sweeper's advisory lock; the others skip their tick), counted in their debug
 * logs. When the sweeping process is killed with SIGKILL its lock goes with its connection: the
 * survivor takes over, and the running task of a node that was connected to the dead process still
 * gets the lost-task rule. Needs TEST_DATABASE_URL (`make test-postgres`); skipped without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { createClient } from '../../generated/orchestrator/sdk/client/index.js'
import { freshDatabaseUrl } from '../support/database.js'
import { TEST_SECRETS } from '../support/server.js'
import { ADMIN, FAST, RawNode, waitFor } from './harness.js'
import { dumpLogs, startProcesses, type ServerProcess } from '../support/processes.js'

const postgres = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? '')

const ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'debug',
  SEED_EXAMPLES: 'false',
  ...TEST_SECRETS,
  ...FAST,
  ORCH_HEARTBEAT_TIMEOUT_MS: '1200', // a sweep tick every 300 ms
  ORCH_EXECUTE_TIMEOUT_MS: '5000',
  ORCH_PROCESS_LEASE_MS: '900',
}

const count = (p: ServerProcess, msg: string) => p.lines.filter((l) => l.includes(`"msg":"${msg}"`)).length
const swept = (p: ServerProcess) => count(p, 'swept')
const skipped = (p: ServerProcess) => count(p, 'not swept: another process sweeps')

describe.skipIf(!postgres)('one sweeper across processes', () => {
  let procs: ServerProcess[] = []

  beforeAll(async () => {
    const url = await freshDatabaseUrl()
    procs = await startProcesses([
      { name: 'A', env: { ...ENV, DATABASE_URL: url } },
      { name: 'B', env: { ...ENV, DATABASE_URL: url } },
    ])
  }, 180_000)

  afterAll(() => Promise.all(procs.map((p) => p.kill())))

  it('sweeps on one process per tick; when that one is killed, the other sweeps and applies the lost-task rule', async () => {
    try {
      const [a, b] = procs
      await waitFor(
        () => [swept(a) + swept(b), skipped(a) + skipped(b)],
        ([s, k]) => s >= 6 && k >= 6,
        30_000,
        'ticks on both processes',
      )
      const [leader, survivor] = swept(a) > 0 ? [a, b] : [b, a]
      // One sweeps, the other only ticks: never a sweep on both.
      expect(swept(leader)).toBeGreaterThan(0)
      expect(skipped(leader)).toBe(0)
      expect(swept(survivor)).toBe(0)

      // A node on the sweeping process, running a task.
      const client = createClient({ baseUrl: survivor.base, headers: { Authorization: `Bearer ${ADMIN}` } })
      let status = 'idle'
      const raw = await RawNode.forNode(`ws://127.0.0.1:${leader.port}`, 'node-sw1')
      const beat = () => raw.heartbeat('node-sw1', [{ id: 'device-sw1x001', status }])
      beat()
      const beating = setInterval(() => raw.closed || beat(), 200)
      try {
        await waitFor(
          () => sdk.getNode({ client, path: { node_id: 'node-sw1' } }),
          (r) => r.data?.status === 'online',
          10_000,
          'node-sw1 online',
        )
        const lostId = (await sdk.sendDeviceCommand({ client, path: { device_id: 'device-sw1x001' }, body: { command: 'reboot' } })).data!.task_id
        const exec = await raw.next((m) => m.method === 'execute', 10_000)
        status = 'active'
        raw.send({ jsonrpc: '2.0', result: { task_id: lostId, status: 'running' }, id: exec.id })
        await waitFor(
          () => sdk.getTask({ client, path: { task_id: lostId } }),
          (r) => r.data?.status === 'running',
          10_000,
          'running',
        )

        await leader.kill()
        await raw.waitClosed(5_000)
        const before = swept(survivor)
        await waitFor(
          () => swept(survivor),
          (n) => n >= before + 3,
          15_000,
          'the survivor sweeping',
        )
        expect(count(survivor, 'sweeper: this process sweeps for all')).toBe(1)
        // The node stays away: its running task is requeued once, by the survivor's sweeps.
        const requeued = await waitFor(
          () => sdk.getTask({ client, path: { task_id: lostId } }),
          (r) => r.data?.status === 'queued',
          15_000,
          'lost task requeued',
        )
        expect(requeued.data!.attempts).toBe(1)
        expect((await sdk.getNode({ client, path: { node_id: 'node-sw1' } })).data!.status).toBe('offline')
      } finally {
        clearInterval(beating)
        raw.close()
      }
    } catch (e) {
      console.error(dumpLogs(procs, 'orchestrator', 'one-sweeper', 60))
      throw e
    }
  }, 90_000)
})
