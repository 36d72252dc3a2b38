/**
 * One server set of the scale-out run: `primary.mjs` with N workers of our compiled server
 * (real handlers) on its own PostgreSQL database and port, and the node runners connected to it
 * over /ws/node through the same port (so the primary spreads them over the workers, in turn).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { httpRequest, stopChild } from '../lib/proc.mjs'
import { PROBE, ours } from '../lib/targets.mjs'
import { withClient } from './pg.mjs'
import { setTimeout as sleep } from 'node:timers/promises'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const PRIMARY = fileURLToPath(new URL('./primary.mjs', import.meta.url))
const RUNNER = `${ROOT}dist/src/services/orchestrator/node-runner/runner.js`

/** A free loopback port (asked of the system, released for the primary to take). */

/** Starts the primary and its workers; resolves once every worker listens and the list answers. */
export async function startSet({ workers, databaseUrl, port, timeoutMs = 120_000 }) {
  const target = ours('real')
  // As `make run` serves, on PostgreSQL: rate limits counted in the database (one budget across
  // processes), raised out of the way; no demo data.
  const env = { ...process.env, ...target.env, DATABASE_URL: databaseUrl, SEED_EXAMPLES: 'false', PORT: String(port) }
  const child = spawn(process.execPath, [PRIMARY, String(workers), ...target.args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)))
  let exited = null
  child.on('exit', (code, signal) => (exited = { code, signal }))
  // The workers' log (stdout, LOG_LEVEL=error): every error record is kept for the report.
  const errors = []
  const pids = new Promise((resolve) => {
    let rest = ''
    child.stdout.on('data', (d) => {
      const lines = (rest + d).split('\n')
      rest = lines.pop()
      for (const line of lines) {
        if (line.startsWith('{"primary"')) resolve(JSON.parse(line))
        else if (line.includes('"level":"error"')) errors.push(line.slice(0, 500))
      }
    })
  })
  const stop = () => stopChild(child, 15_000)
  const t0 = performance.now()
  let ids = null
  pids.then((p) => (ids = p))
  for (;;) {
    if (exited) throw new Error(`server set (${workers} workers) exited (${JSON.stringify(exited)}): ${stderr.trim().slice(-1500)}`)
    if (performance.now() - t0 > timeoutMs) {
      await stop()
      throw new Error(`server set (${workers} workers) not ready in ${timeoutMs} ms: ${stderr.trim().slice(-1500)}`)
    }
    if (ids) {
      const res = await httpRequest(port, PROBE, 2000).catch(() => null)
      if (res) break
    }
    await sleep(50)
  }
  // Start-up work scheduled after listening (findori's OG font warm-up, 2 s) stays out of the rounds.
  await sleep(3000)
  return { workers, port, databaseUrl, primaryPid: ids.primary, workerPids: ids.workers, stop, stderr: () => stderr, errors }
}

/**
 * Connects `nodes` reference node runners of `devicesPerNode` devices, one after another (so the
 * primary alternates them over the workers), and waits until the orchestrator has every node
 * online and every device idle. `runScript` of 1 s takes `msPerSecond` ms.
 */
export async function connectRunners({ port, nodes, devicesPerNode, nodeToken, msPerSecond, label, bearer }) {
  const { NodeRunner } = await import(RUNNER)
  const runners = []
  const trouble = []
  for (let n = 1; n <= nodes; n++) {
    const runner = new NodeRunner({
      url: `ws://127.0.0.1:${port}`,
      nodeId: `node-${label}${String(n).padStart(2, '0')}`,
      token: nodeToken,
      devices: devicesPerNode,
      msPerSecond,
      messagesPerSec: 1000,
      reconnect: false,
      log: (msg, fields) => {
        if (msg !== 'connected' && trouble.length < 20) trouble.push({ msg, ...fields })
      },
    })
    await runner.start()
    runners.push(runner)
  }
  const total = async (path) => JSON.parse((await httpRequest(port, { path, headers: { authorization: bearer } })).body).total
  const readyBy = performance.now() + 20_000
  for (;;) {
    const [online, idle] = await Promise.all([total('/api/nodes?status=online&limit=1'), total('/api/devices?status=idle&limit=1')])
    if (online === nodes && idle === nodes * devicesPerNode) break
    if (performance.now() > readyBy)
      throw new Error(`runners not ready in 20 s: ${online}/${nodes} nodes online, ${idle}/${nodes * devicesPerNode} devices idle`)
    await sleep(50)
  }
  return {
    runners,
    trouble,
    /** Device ids interleaved node by node: consecutive commands go to different nodes. */
    devices: Array.from({ length: devicesPerNode }, (_, d) => runners.map((r) => [...r.devices.keys()][d])).flat(),
    stop: () => Promise.race([Promise.all(runners.map((r) => r.stop().catch(() => undefined))), sleep(3000)]),
  }
}

/**
 * The set as the database sees it: the live process rows' pids, and online nodes per worker pid
 * (`owner_process` → `orch_processes.pid`).
 */
export const membership = (databaseUrl) =>
  withClient(databaseUrl, async (c) => {
    const processes = (await c.query('select pid from orch_processes order by pid')).rows.map((r) => r.pid)
    const { rows } = await c.query(
      `select p.pid, count(*)::int as nodes from orch_nodes n join orch_processes p on p.id = n.owner_process where n.status = 'online' group by p.pid order by p.pid`,
    )
    return { processes, nodesByPid: Object.fromEntries(rows.map((r) => [r.pid, r.nodes])) }
  })

/** Waits until no task is queued or running (the last run's commands done), 15 s at most; returns what is left. */
export async function settle(db) {
  const left = async () => Number((await db.query(`select count(*) as n from orch_tasks where status in ('queued', 'running')`)).rows[0].n)
  const until = performance.now() + 15_000
  let n = await left()
  while (n > 0 && performance.now() < until) {
    await sleep(50)
    n = await left()
  }
  return n
}

/** Tasks by status. */
export async function taskCounts(db) {
  const { rows } = await db.query('select status, count(*)::int as n from orch_tasks group by status')
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}
