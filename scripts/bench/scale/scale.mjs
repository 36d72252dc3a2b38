/**
 * Section `scale` (issue 14): the orchestrator's list and command operations on ONE server process
 * against TWO, both on PostgreSQL, on this machine. Each set is `primary.mjs` (node:cluster,
 * round-robin over its workers) with 1 or 2 workers on its own database, with 20 reference node
 * runners × 5 devices connected through it (so with 2 workers about half the nodes are on each,
 * and a command answered by one worker for a device on the other's node goes through PostgreSQL:
 * an action row and NOTIFY). Both sets run throughout; rounds alternate between them (order
 * rotated), wrk on its own core as elsewhere, the servers and PostgreSQL unpinned (the point is
 * whether a second process finds a core). Per run: the workers' CPU (summed and per worker), the
 * primary's, PostgreSQL's (postmaster and all its processes), the runners' (this process), wrk's,
 * and the whole machine's busy time (others' work included).
 */
import { isDeepStrictEqual } from 'node:util'
import { runLoad } from '../lib/load.mjs'
import { cpuSecondsOf, freePort, httpRequest } from '../lib/proc.mjs'
import { median, round } from '../lib/stats.mjs'
import { ours } from '../lib/targets.mjs'
import { BEARER, COMMAND_REQUEST } from '../servers/fixtures.mjs'
import { adminUrl, createDatabase, dropDatabase, machineBusySeconds, postgresCpuSeconds, serverInfo } from './pg.mjs'
import { connectRunners, membership, settle, startSet, taskCounts } from './server-set.mjs'

export const NODES = 20
export const DEVICES_PER_NODE = 5
/** Real ms per simulated second: the command's `run_script` of 1 s runs 1 ms on the node. */
const MS_PER_SECOND = 1
const COMMAND = { ...COMMAND_REQUEST, params: { ...COMMAND_REQUEST.params, duration: 1 } }
const LIST = {
  id: 'listOnline',
  label: 'GET /api/nodes?status=online&limit=50',
  method: 'GET',
  path: '/api/nodes?status=online&limit=50',
  headers: { authorization: BEARER },
}

const commandOp = (devices) => ({
  id: 'sendDeviceCommand',
  label: `POST /api/devices/{id}/command (run_script, ${devices.length} devices in turn)`,
  method: 'POST',
  path: `/api/devices/${devices[0]}/command`,
  paths: devices.map((d) => `/api/devices/${d}/command`),
  headers: { authorization: BEARER, 'content-type': 'application/json' },
  body: COMMAND,
})

/** First answers: the list shows every connected node; a command gets its 202 with a Location. */
async function check(port, list, command) {
  const problems = []
  const a = await httpRequest(port, list)
  const page = a.status === 200 ? JSON.parse(a.body) : null
  if (!page || page.total !== NODES || page.nodes.length !== NODES || !page.nodes.every((n) => n.status === 'online' && n.device_count === DEVICES_PER_NODE))
    problems.push(`list: ${a.status} ${a.body.slice(0, 300)}`)
  const b = await httpRequest(port, { ...command, path: command.paths.at(-1) })
  const accepted = b.status === 202 ? JSON.parse(b.body) : null
  if (accepted?.status !== 'queued' || b.headers.location !== `/api/tasks/${accepted.task_id}`) problems.push(`command: ${b.status} ${b.body.slice(0, 300)}`)
  return { problems, listBytes: Buffer.byteLength(a.body) }
}

function cpuNow(set, pg) {
  const u = process.cpuUsage()
  return {
    workers: set.workerPids.map(cpuSecondsOf),
    primary: cpuSecondsOf(set.primaryPid),
    postgres: postgresCpuSeconds(pg.postmasterPid),
    runners: (u.user + u.system) / 1e6,
    machine: machineBusySeconds(),
    at: performance.now(),
  }
}

function cpuDelta(a, b, total, cores) {
  const wall = (b.at - a.at) / 1000
  const d = (x, y) => (x == null || y == null ? null : y - x)
  const workers = a.workers.map((x, i) => d(x, b.workers[i]))
  const perReq = (s) => (s == null || !total ? null : (s * 1e6) / total)
  const share = (s) => (s == null ? null : s / wall)
  const serverSum = workers.every((w) => w != null) ? workers.reduce((s, w) => s + w, 0) : null
  const busy = a.machine && b.machine ? b.machine.busy - a.machine.busy : null
  const parts = { servers: serverSum, primary: d(a.primary, b.primary), postgres: d(a.postgres, b.postgres), runners: d(a.runners, b.runners) }
  const each = (f) => Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, f(v)]))
  return {
    wallSec: wall,
    usPerReq: { ...each(perReq), perWorker: workers.map(perReq) },
    // Cores in use over the run (CPU seconds per wall second); the machine's includes everything running on it.
    cores: {
      ...each(share),
      perWorker: workers.map(share),
      machine: share(busy),
      machineSteal: a.machine && b.machine ? share(b.machine.steal - a.machine.steal) : null,
      available: cores,
    },
  }
}

/** Cores in use for 2 s with no load: each set's workers, PostgreSQL, the whole machine. */
async function idleCores(sets, pg) {
  const a = sets.map((set) => cpuNow(set, pg))
  await new Promise((r) => setTimeout(r, 2000))
  const b = sets.map((set) => cpuNow(set, pg))
  const d = sets.map((_, i) => cpuDelta(a[i], b[i], 0, 0).cores)
  return {
    ...Object.fromEntries(sets.map((set, i) => [`servers${set.id}`, round(d[i].servers, 3)])),
    postgres: round(d[0].postgres, 3),
    machine: round(d[0].machine, 2),
  }
}

/** What set the pace, from the CPU figures: all cores busy, one worker's core full, or neither (waiting). */
function bound(cores, available) {
  if (cores.machine != null && available && cores.machine >= 0.9 * available) return 'machine CPU'
  if (cores.perWorker.some((w) => w >= 0.9)) return 'server process'
  return 'waiting'
}

/**
 * Resolves `{ skipped }` without a PostgreSQL, else { pg, nodes, devices, idle, labels, ratios:
 * { [op]: 2p ÷ 1p }, sets: { '1p', '2p': { workers, processRows, nodesByWorker, checks, runs, ops:
 * { [op]: summary }, tasks (by status, at the end), actionsPosted, errorLogs } } }.
 */
export async function scaleOut({ rounds, duration, warmup, connections, pin, log }) {
  const admin = adminUrl()
  if (!admin) return { skipped: 'no PostgreSQL: set BENCH_DATABASE_URL (or run under scripts/dev/with-postgres.sh, as `make bench` does)' }
  let pg
  try {
    pg = await serverInfo(admin)
  } catch (e) {
    return { skipped: `PostgreSQL at BENCH_DATABASE_URL/TEST_DATABASE_URL not reachable: ${e.message}` }
  }
  const target = ours('real')
  const sets = []
  const dbs = []
  const out = {
    pg: { version: pg.version, cpuReadable: postgresCpuSeconds(pg.postmasterPid) != null },
    nodes: NODES,
    devices: NODES * DEVICES_PER_NODE,
    sets: {},
  }
  try {
    for (const workers of [1, 2]) {
      const db = await createDatabase(admin, `bench_scale_${workers}p`)
      dbs.push(db)
      const set = await startSet({ workers, databaseUrl: db.url, port: await freePort() })
      sets.push(set)
      const fleet = await connectRunners({
        port: set.port,
        nodes: NODES,
        devicesPerNode: DEVICES_PER_NODE,
        nodeToken: target.env.ORCH_NODE_TOKEN,
        msPerSecond: MS_PER_SECOND,
        label: `${workers}p`,
        bearer: BEARER,
      })
      set.fleet = fleet
      set.id = `${workers}p`
      set.db = await withClientKept(db.url)
      set.ops = [LIST, commandOp(fleet.devices)]
      const { processes, nodesByPid } = await membership(db.url)
      const { problems, listBytes } = await check(set.port, LIST, set.ops[1])
      // Each worker a server process of its own: one orch_processes row per worker pid.
      const workerPids = [...set.workerPids].sort((x, y) => x - y)
      if (!isDeepStrictEqual(processes, workerPids))
        problems.push(`process rows: pids ${processes.join(', ')} in orch_processes, workers ${set.workerPids.join(', ')}`)
      for (const p of problems) log(`  ${set.id}: CHECK FAILED ${p}`)
      out.sets[set.id] = {
        workers,
        processRows: processes.length,
        nodesByWorker: set.workerPids.map((pid) => nodesByPid[pid] ?? 0),
        checks: problems,
        listBytes,
        runs: { [LIST.id]: [], sendDeviceCommand: [] },
      }
      log(`  ${set.id}: ${workers} worker(s) ${set.workerPids.join(', ')}; nodes per worker ${out.sets[set.id].nodesByWorker.join(' / ')}`)
    }
    // The background with no load (lease renewals, sweeper, heartbeats; and whatever else the machine runs).
    out.idle = await idleCores(sets, pg)
    log(`  idle: ${JSON.stringify(out.idle)}`)
    // Warm-up (JIT, pools, statement caches) of each operation on each set, then settle.
    for (const set of sets) for (const op of set.ops) await runLoad({ port: set.port, op, connections, duration: warmup, pin })
    for (const set of sets) await settle(set.db)

    for (let r = 0; r < rounds; r++) {
      for (const opIndex of [0, 1]) {
        for (let i = 0; i < sets.length; i++) {
          const set = sets[(i + r) % sets.length]
          const op = set.ops[opIndex]
          const left = await settle(set.db)
          const before = cpuNow(set, pg)
          const res = await runLoad({ port: set.port, op, connections, duration, pin })
          const cpu = cpuDelta(before, cpuNow(set, pg), res.total, pin.cores)
          out.sets[set.id].runs[op.id].push({ round: r, ...res, cpu, tasksLeftBefore: left })
          const c = cpu.cores
          log(
            `  round ${r + 1}/${rounds} ${set.id} ${op.id.padEnd(18)} ${Math.round(res.rps).toString().padStart(6)} req/s  servers ${cpu.usPerReq.servers?.toFixed(0)} µs/req (${c.perWorker.map((w) => w?.toFixed(2)).join('+')} cores)  postgres ${cpu.usPerReq.postgres?.toFixed(0)} µs/req (${c.postgres?.toFixed(2)})  runners ${c.runners?.toFixed(2)}  wrk ${res.clientCpu?.toFixed(2)}  machine ${c.machine?.toFixed(2)}/${c.available} cores${res.non2xx || res.errors ? `  non-2xx ${res.non2xx} errors ${res.errors}` : ''}`,
          )
        }
      }
    }
    for (const set of sets) await settle(set.db)
  } finally {
    for (const set of sets) await set.fleet?.stop()
    for (const set of sets) await set.stop()
    for (const set of sets) {
      if (!set.db) continue
      if (out.sets[set.id]) {
        out.sets[set.id].errorLogs = { count: set.errors.length, first: set.errors.slice(0, 5) }
        try {
          Object.assign(out.sets[set.id], await finalCounts(set.db))
        } catch (e) {
          out.sets[set.id].checks.push(`final counts: ${e.message}`)
        }
      }
      await set.db.end().catch(() => undefined)
    }
    for (const db of dbs) await dropDatabase(admin, db.name)
  }
  for (const s of Object.values(out.sets)) {
    s.ops = Object.fromEntries(Object.entries(s.runs).map(([id, runs]) => [id, summarize(runs)]))
    for (const o of Object.values(s.ops)) o.bound = bound(o.cores, pin.cores)
  }
  out.ratios = Object.fromEntries(
    [LIST.id, 'sendDeviceCommand'].map((id) => {
      const one = out.sets['1p'].runs[id]
      const two = out.sets['2p'].runs[id]
      const n = Math.min(one.length, two.length)
      return [id, median(Array.from({ length: n }, (_, i) => two[i].rps / one[i].rps))]
    }),
  )
  out.labels = { [LIST.id]: LIST.label, sendDeviceCommand: commandOp(sets[0]?.fleet?.devices ?? ['x']).label }
  return out
}

/**
 * Once the set stopped: its tasks by status, and the actions one process posted to another over
 * the whole run (PostgreSQL's statistics, which a backend flushes as it exits: waited for).
 */
async function finalCounts(db) {
  const others = 'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()'
  for (let i = 0; i < 100 && (await db.query(others)).rows[0].n > 0; i++) await new Promise((r) => setTimeout(r, 50))
  const tasks = await taskCounts(db)
  const posted = await db.query(`select coalesce(sum(n_tup_ins), 0) as n from pg_stat_user_tables where relname = 'orch_process_actions'`)
  return { tasks, actionsPosted: Number(posted.rows[0].n) }
}

async function withClientKept(url) {
  const { default: pgm } = await import('pg')
  const c = new pgm.Client({ connectionString: url })
  await c.connect()
  return c
}

function summarize(runs) {
  const m = (f) => median(runs.map(f).filter((x) => x != null))
  return {
    rps: m((x) => x.rps),
    rounds: runs.map((x) => Math.round(x.rps)),
    p50: m((x) => x.p50),
    p99: m((x) => x.p99),
    non2xx: runs.reduce((s, x) => s + x.non2xx, 0),
    errors: runs.reduce((s, x) => s + x.errors + x.timeouts, 0),
    total: runs.reduce((s, x) => s + x.total, 0),
    clientCpu: m((x) => x.clientCpu),
    usPerReq: {
      servers: m((x) => x.cpu.usPerReq.servers),
      primary: m((x) => x.cpu.usPerReq.primary),
      postgres: m((x) => x.cpu.usPerReq.postgres),
      runners: m((x) => x.cpu.usPerReq.runners),
    },
    // What the machine's cores could serve at this CPU cost per request (all of ours: servers,
    // primary, PostgreSQL, runners, wrk); near the measured req/s means the cores were the limit.
    ceilingRps: m((x) => {
      const u = x.cpu.usPerReq
      const parts = [u.servers, u.primary, u.postgres, u.runners, x.clientCpu != null && x.rps ? (x.clientCpu * 1e6) / x.rps : null]
      return parts.some((p) => p == null) || !x.cpu.cores.available ? null : (x.cpu.cores.available * 1e6) / parts.reduce((a, b) => a + b, 0)
    }),
    cores: {
      servers: m((x) => x.cpu.cores.servers),
      perWorker:
        runs[0]?.cpu.cores.perWorker.map((_, i) =>
          round(
            m((x) => x.cpu.cores.perWorker[i]),
            2,
          ),
        ) ?? [],
      primary: m((x) => x.cpu.cores.primary),
      postgres: m((x) => x.cpu.cores.postgres),
      runners: m((x) => x.cpu.cores.runners),
      machine: m((x) => x.cpu.cores.machine),
      machineSteal: m((x) => x.cpu.cores.machineSteal),
    },
  }
}
