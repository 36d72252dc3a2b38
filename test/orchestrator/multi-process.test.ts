/**
 * Two real server processes on one PostgreSQL database behave as one orchestrator (issue 14):
 * the reference runner reaches process B through a load balancer without stickiness; commands,
 * cancels and resets are posted to A and reach the node on B; state reads the same on both;
 * B killed with SIGKILL mid-task loses nothing: the runner reconnects to A and its task goes
 * on, and a node that stays away gets the lost-task rule once B's lease has run out.
 * Needs TEST_DATABASE_URL (`make test-postgres`); skipped without it.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { createClient } from '../../generated/orchestrator/sdk/client/index.js'
import { NodeRunner } from '../../src/services/orchestrator/node-runner/runner.js'
import { freshDatabaseUrl } from '../support/database.js'
import { TEST_SECRETS } from '../support/server.js'
import { ADMIN, FAST, NODE, RawNode, waitFor } from './harness.js'
import { startProcesses, type ServerProcess } from '../support/processes.js'
import { startBalancer, type Balancer } from '../support/tcp-balancer.js'

const postgres = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? '')

const ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  SEED_EXAMPLES: 'false',
  ...TEST_SECRETS,
  ...FAST,
  ORCH_HEARTBEAT_TIMEOUT_MS: '3000',
  ORCH_EXECUTE_TIMEOUT_MS: '5000',
  ORCH_RESET_HOLD_MS: '1500',
  ORCH_PROCESS_LEASE_MS: '900',
}

describe.skipIf(!postgres)('two server processes on one PostgreSQL', () => {
  let a: ServerProcess
  let b: ServerProcess
  let balancer: Balancer
  let runner: NodeRunner
  let db: pg.Client
  const client = (p: ServerProcess) => createClient({ baseUrl: p.base, headers: { Authorization: `Bearer ${ADMIN}` } })
  let A: ReturnType<typeof client>
  let B: ReturnType<typeof client>

  const owner = async (nodeId: string) => (await db.query('select owner_process from orch_nodes where id = $1', [nodeId])).rows[0]?.owner_process ?? null
  const processOf = async (p: ServerProcess) => (await db.query('select id from orch_processes where pid = $1', [p.child.pid])).rows[0]?.id ?? null
  const task = (c: ReturnType<typeof client>, id: string) => sdk.getTask({ client: c, path: { task_id: id } })
  const script = (c: ReturnType<typeof client>, device: string, duration: number) =>
    sdk.sendDeviceCommand({ client: c, path: { device_id: device }, body: { command: 'run_script', params: { script_name: 's', duration }, timeout: 600 } })
  const onlineOn = (c: ReturnType<typeof client>, nodeId: string) =>
    waitFor(
      () => sdk.getNode({ client: c, path: { node_id: nodeId } }),
      (r) => r.data?.status === 'online',
      10_000,
      `${nodeId} online`,
    )

  beforeAll(async () => {
    const url = await freshDatabaseUrl()
    ;[a, b] = await startProcesses([
      { name: 'A', env: { ...ENV, DATABASE_URL: url } },
      { name: 'B', env: { ...ENV, DATABASE_URL: url } },
    ])
    db = new pg.Client({ connectionString: url })
    await db.connect()
    A = client(a)
    B = client(b)
    // B first while it lives, then A: a crash of B sends the reconnection to A.
    balancer = await startBalancer(() => [b.port, a.port])
    runner = new NodeRunner({
      url: `ws://127.0.0.1:${balancer.port}`,
      nodeId: 'node-mp1',
      token: NODE,
      devices: 2,
      heartbeatIntervalMs: 200,
      msPerSecond: 20,
      messagesPerSec: 1000,
      minBackoffMs: 50,
      maxBackoffMs: 300,
    })
    await runner.start()
  }, 180_000)

  afterAll(async () => {
    await runner?.stop()
    await balancer?.close()
    await Promise.all([a?.stop(), b?.kill()])
    await db?.end()
  })

  const withLogs = async (body: () => Promise<void>) => {
    try {
      await body()
    } catch (e) {
      console.error([a, b].map((p) => p?.logs()).join('\n'))
      throw e
    }
  }

  it('runs a command posted to A on the node connected to B, with the result read from A', () =>
    withLogs(async () => {
      await onlineOn(A, 'node-mp1')
      expect(await owner('node-mp1')).toBe(await processOf(b))
      const { data, response } = await script(A, 'device-mp1x001', 3)
      expect(response.status).toBe(202)
      const done = await waitFor(
        () => task(A, data!.task_id),
        (r) => r.data?.status === 'completed',
        10_000,
        'completed',
      )
      expect(done.data).toMatchObject({ attempts: 1, error: null })
      expect(done.data!.result).not.toBeNull()
      // Node status and device lists read the same on both processes.
      for (const c of [A, B]) {
        const node = await sdk.getNode({ client: c, path: { node_id: 'node-mp1' } })
        expect(node.data).toMatchObject({ status: 'online', device_count: 2 })
        const devices = await sdk.listDevices({ client: c, query: { node_id: 'node-mp1' } })
        expect(devices.data!.devices.map((d) => d.id)).toEqual(['device-mp1x001', 'device-mp1x002'])
      }
    }))

  it('stops a running task on the node on B when it is cancelled through A', () =>
    withLogs(async () => {
      const long = (await script(A, 'device-mp1x002', 500)).data!.task_id // 10 s on the runner
      await waitFor(
        () => task(A, long),
        (r) => r.data?.status === 'running',
        10_000,
        'running',
      )
      const cancelled = await sdk.cancelTask({ client: A, path: { task_id: long }, body: { reason: 'not needed' } })
      expect(cancelled.data).toMatchObject({ status: 'cancelled' })
      // The node stopped it: the device takes the next task at once, not after 10 s (the test's limit is 5 s).
      const next = (await script(B, 'device-mp1x002', 1)).data!.task_id
      await waitFor(
        () => task(B, next),
        (r) => r.data?.status === 'completed',
        5_000,
        'next task on the freed device',
      )
    }))

  it('delivers an emergency reset posted to A to the node on B; B sees it in progress', () =>
    withLogs(async () => {
      const closesBefore = runner.stats.connects
      const res = await sdk.emergencySoftReset({ client: A, body: { target: 'node', node_id: 'node-mp1', reason: 'lagging', approver: 'orion' } })
      expect(res.response.status).toBe(202)
      const other = await sdk.emergencySoftReset({ client: B, body: { target: 'orchestrator', reason: 'at once' } })
      expect(other.response.status).toBe(409)
      expect(other.error).toMatchObject({ code: 'BIZ_004', details: { reason: 'reset_in_progress', reset_id: res.data!.reset_id } })
      await waitFor(
        () => runner.lastClose,
        (c) => c?.code === 1012,
        5_000,
        '1012 on the runner',
      )
      const history = await waitFor(
        () => sdk.listEmergencyResets({ client: B }),
        (r) => r.data?.resets[0]?.status === 'completed',
        10_000,
        'reset completed',
      )
      expect(history.data!.resets[0]).toMatchObject({ id: res.data!.reset_id, target: 'node', node_id: 'node-mp1' })
      await waitFor(
        () => runner.stats.connects,
        (n) => n > closesBefore,
        10_000,
        'runner back',
      )
      await onlineOn(B, 'node-mp1')
    }))

  it(
    'loses nothing when B is killed mid-task: the runner goes on through A, a node that stays away gets the lost-task rule',
    () =>
      withLogs(async () => {
        const procA = await processOf(a)
        const procB = await processOf(b)
        await waitFor(
          () => owner('node-mp1'),
          (o) => o === procB,
          10_000,
          'node-mp1 on B',
        )

        // A hand-driven node straight on B, heartbeating until B dies.
        let status = 'idle'
        const raw = await RawNode.forNode(`ws://127.0.0.1:${b.port}`, 'node-mp2')
        const beat = () => raw.heartbeat('node-mp2', [{ id: 'device-mp2x001', status }])
        beat()
        const beating = setInterval(() => raw.closed || beat(), 200)
        try {
          await onlineOn(A, 'node-mp2')
          const lostId = (await sdk.sendDeviceCommand({ client: A, path: { device_id: 'device-mp2x001' }, body: { command: 'reboot' } })).data!.task_id
          const exec = await raw.next((m) => m.method === 'execute', 10_000)
          expect(exec.params.task_id).toBe(lostId)
          status = 'active'
          raw.send({ jsonrpc: '2.0', result: { task_id: lostId, status: 'running' }, id: exec.id })

          const goesOn = (await script(A, 'device-mp1x001', 100)).data!.task_id // 2 s on the runner
          for (const id of [goesOn, lostId])
            await waitFor(
              () => task(A, id),
              (r) => r.data?.status === 'running',
              10_000,
              `${id} running`,
            )

          await b.kill()
          await raw.waitClosed(5_000)

          // A notices B's lease ran out: B and its hold on node-mp2 are gone.
          await waitFor(
            async () => (await db.query('select id from orch_processes')).rows.map((r) => r.id),
            (ids) => ids.length === 1 && ids[0] === procA,
            10_000,
            'B reaped',
          )
          // The runner reconnected to A and reported its task as current: it finishes there.
          const finished = await waitFor(
            () => task(A, goesOn),
            (r) => r.data?.status === 'completed',
            15_000,
            'the runner task completed through A',
          )
          expect(finished.data!.attempts).toBeLessThanOrEqual(2)
          expect(await owner('node-mp1')).toBe(procA)

          // The raw node did not come back: its running task is requeued once (attempt counted).
          const requeued = await waitFor(
            () => task(A, lostId),
            (r) => r.data?.status === 'queued',
            15_000,
            'lost task requeued',
          )
          expect(requeued.data!.attempts).toBe(1)
          expect((await sdk.getNode({ client: A, path: { node_id: 'node-mp2' } })).data!.status).toBe('offline')

          // Back on A, the node gets the same task again and finishes it: nothing lost.
          const back = await RawNode.forNode(`ws://127.0.0.1:${a.port}`, 'node-mp2')
          try {
            back.heartbeat('node-mp2', [{ id: 'device-mp2x001', status: 'idle' }], 'hb-back')
            const again = await back.next((m) => m.method === 'execute' && m.params.task_id === lostId, 10_000)
            back.send({ jsonrpc: '2.0', result: { task_id: lostId, status: 'running' }, id: again.id })
            back.send({
              jsonrpc: '2.0',
              method: 'task_result',
              params: { task_id: lostId, status: 'completed', result: { ok: true }, error: null },
              id: 'tr-1',
            })
            await back.next((m) => m.id === 'tr-1' && m.result?.ok === true, 10_000)
            const rerun = await task(A, lostId)
            expect(rerun.data).toMatchObject({ status: 'completed', attempts: 2 })
          } finally {
            back.close()
          }
        } finally {
          clearInterval(beating)
          raw.close()
        }
      }),
    60_000,
  )
})
