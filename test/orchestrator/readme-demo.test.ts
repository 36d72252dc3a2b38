/**
 * The README's orchestrator demo, as a user runs it: the runner program (`npm run node-runner`'s
 * cli.ts, in its own process, production mode, only its own environment) started before the
 * server answers; 20 commands at once, all completed under the seed's message budget (10/s);
 * then a server restart in the middle of a run: the runner reconnects by itself and every task
 * ends completed, or failed by the lost-task rule, never stuck.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer as netServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { createClient } from '../../generated/orchestrator/sdk/client/index.js'
import { createServer, type Server } from '../../src/server.js'
import { testConfig } from '../support/server.js'
import { ADMIN, FAST, NODE, waitFor } from './harness.js'

const CLI = join(import.meta.dirname, '../../src/services/orchestrator/node-runner/cli.ts')
const dir = mkdtempSync(join(tmpdir(), 'orch-demo-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Short timings, and the seed's message budget rather than the tests' generous one. */
const ENV = {
  ...FAST,
  ORCH_HEARTBEAT_INTERVAL_MS: '250',
  ORCH_HEARTBEAT_TIMEOUT_MS: '2000',
  ORCH_EXECUTE_TIMEOUT_MS: '10000',
  ORCH_RATE_LIMIT_WS_MSG_PER_SEC: '10',
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = netServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

async function databaseUrl(): Promise<string> {
  const admin = process.env.TEST_DATABASE_URL
  if (admin && /^postgres(ql)?:\/\//.test(admin)) return (await import('../support/database.js')).freshDatabaseUrl()
  return `sqlite:${join(dir, 'demo.sqlite')}`
}

async function serve(port: number, db: string): Promise<Server> {
  const server = await createServer(testConfig({ ...ENV, DATABASE_URL: db, PORT: String(port) }))
  await server.ready()
  await server.start()
  return server
}

/** `npm run node-runner -- --node-id node-001 --devices 20` with PORT and ORCH_NODE_TOKEN exported. */
function runnerProcess(port: number): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('ORCH_') && k !== 'DATABASE_URL') env[k] = v
  // Production, and none of the server's secrets: the runner must not need them.
  Object.assign(env, { NODE_ENV: 'production', PORT: String(port), ORCH_NODE_TOKEN: NODE, ORCH_HEARTBEAT_INTERVAL_MS: ENV.ORCH_HEARTBEAT_INTERVAL_MS })
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--node-id', 'node-001', '--devices', '20'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let rest = ''
  child.stderr!.on('data', (d) => {
    const parts = (rest + d.toString()).split('\n')
    rest = parts.pop()!
    lines.push(...parts)
  })
  child.stdout!.resume()
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, lines, exited }
}

const events = (lines: string[], msg: string) => lines.filter((l) => l.startsWith('{') && JSON.parse(l).msg === msg)

describe('README demo', () => {
  it('runs 20 commands on 20 devices and survives a server restart mid-run', async () => {
    const port = await freePort()
    const db = await databaseUrl()
    const runner = runnerProcess(port)
    let server: Server | null = null
    try {
      // Started before the server answers: it retries rather than exiting.
      await waitFor(
        () => events(runner.lines, 'server not reachable, retrying').length,
        (n) => n >= 2,
        20_000,
        'runner retrying',
      )
      expect(runner.child.exitCode).toBeNull()

      server = await serve(port, db)
      const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, headers: { Authorization: `Bearer ${ADMIN}` } })
      await waitFor(
        () => sdk.listDevices({ client, query: { node_id: 'node-001', status: 'idle' } }),
        (r) => r.data?.total === 20,
        10_000,
        '20 idle devices',
      )

      const devices = Array.from({ length: 20 }, (_, i) => `device-001x${String(i + 1).padStart(3, '0')}`)
      const send = (duration: number, timeout: number) =>
        Promise.all(
          devices.map(async (device_id) => {
            const res = await sdk.sendDeviceCommand({
              client,
              path: { device_id },
              body: { command: 'run_script', params: { script_name: 'youtube_watch', duration }, timeout },
            })
            expect(res.response.status).toBe(202)
            return res.data!.task_id
          }),
        )
      const tasks = async () => {
        // A pooled connection to the stopped server fails once: asked again on the next poll.
        const res = await sdk.listTasks({ client, query: { node_id: 'node-001', limit: 100 } }).catch(() => null)
        return res?.data?.tasks ?? []
      }
      const of = (list: Awaited<ReturnType<typeof tasks>>, ids: string[]) => list.filter((t) => ids.includes(t.id))

      // The case: one run_script (duration 1, timeout 5) to each device at once.
      const first = await send(1, 5)
      const done = await waitFor(
        async () => of(await tasks(), first),
        (l) => l.every((t) => t.status === 'completed' || t.status === 'failed'),
        15_000,
        'first round finished',
      )
      expect(done.filter((t) => t.status === 'completed')).toHaveLength(20)
      expect(done.every((t) => t.attempts === 1)).toBe(true)
      expect(events(runner.lines, 'rate limited by the server')).toEqual([])

      // A second round running (1 s each) with one more command queued behind each, then a restart.
      const running = await send(100, 600)
      await waitFor(
        async () => of(await tasks(), running).filter((t) => t.status === 'running').length,
        (n) => n >= 10,
        10_000,
        'second round running',
      )
      const queued = await send(1, 600)
      const connectsBefore = events(runner.lines, 'connected').length
      await server.stop()
      server = null
      server = await serve(port, db)

      const all = [...running, ...queued]
      const end = await waitFor(
        async () => of(await tasks(), all),
        (l) => l.length === 40 && l.every((t) => t.status === 'completed' || t.status === 'failed'),
        30_000,
        'every task finished',
      )
      // Completed, or failed by the lost-task rule (lost twice); nothing timed out or went missing.
      for (const t of end) {
        if (t.status === 'failed') expect(t.error).toMatchObject({ code: 'NODE_LOST' })
        else expect(t.status).toBe('completed')
      }
      expect(end.filter((t) => t.status === 'completed').length).toBeGreaterThanOrEqual(20)
      expect(events(runner.lines, 'connected').length).toBeGreaterThan(connectsBefore)
      expect(runner.child.exitCode).toBeNull()
    } finally {
      runner.child.kill('SIGTERM')
      const code = await Promise.race([runner.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))])
      if (code === 'hung') runner.child.kill('SIGKILL')
      await server?.stop()
      expect(code).toBe(0)
    }
  }, 120_000)
})
