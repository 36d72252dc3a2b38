/**
 * Heavy operation: orchestrator command dispatch latency, REST 202 accepted → `execute` received
 * by the node, with 1,000 simulated devices on 50 node connections (issue 5), or any fleet size
 * (issue 15's scaling figures: 1,000 / 5,000 / 10,000 devices at 20 per node).
 *
 *   node scripts/bench/heavy/orchestrator-dispatch.mjs [commands=2000] [concurrency=16] [devices=1000] [devicesPerNode=20]
 *
 * Starts our compiled server (SERVE_MODE=real, in-memory SQLite, every secret set, rate limits out
 * of the way) pinned to the server core, moves itself to the other core, and connects 50 reference
 * `NodeRunner`s (dist/) of 20 simulated devices each. The runner has no public hook for an
 * arriving `execute`, so its (TypeScript-private, plain in JS) `request` method is wrapped: the
 * timestamp is taken when the parsed message reaches the runner, before it answers. Then a
 * warm-up, and `commands` authenticated `POST /api/devices/{id}/command` (the spec's `runScript`
 * example, duration 1 s simulated as 2 ms) round-robin over the 1,000 devices, node by node,
 * `concurrency` in flight over keep-alive sockets. Per command: send → 202, 202 → execute and
 * send → execute; both clocks are this process's, so no cross-process skew. An `execute` may reach
 * the node before the 202 reaches the client (the handler kicks the dispatcher before answering):
 * those count as negative 202 → execute and are reported.
 *
 * Lost replies (issue 16): the server runs with the seed's message budget (10 messages a second per
 * connection, not the bench's "out of the way" limits), and after the burst every task must end
 * completed. `lostReplies` counts what a node said that the orchestrator did not take: messages
 * refused by the budget (−32000, as the runners saw them), task_results still unacknowledged at the
 * end, and tasks that did not complete, by their error code (DISPATCH_TIMEOUT = an `execute` answer
 * lost, TIMEOUT = a `task_result` lost). All zero is the pass. Bounded: gives up at 50 s, always
 * stops its server. Prints one JSON object (or `{ skipped }`).
 *
 * With DISPATCH_CPU_PROF_DIR=<dir> the server runs unbundled under `--cpu-prof` into that folder
 * (the profile is written when it stops), to see where a larger fleet's time goes.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { freePort } from '../lib/proc.mjs'
import { percentiles, round } from '../lib/stats.mjs'
import { setTimeout as sleep } from 'node:timers/promises'
import { runBounded } from '../lib/bounded.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const RUNNER = `${ROOT}dist/src/services/orchestrator/node-runner/runner.js`
const COMMANDS = Number(process.argv[2] ?? 2000)
const CONCURRENCY = Number(process.argv[3] ?? 16)
const DEVICES_PER_NODE = Number(process.argv[5] ?? 20)
const NODES = Math.ceil(Number(process.argv[4] ?? 1000) / DEVICES_PER_NODE)
const WARMUP = 300
/** The runners' heartbeat period; the idle window spans one, so every node's heartbeat falls in it once. */
const HEARTBEAT_MS = 10_000
const IDLE_WINDOW_MS = HEARTBEAT_MS
const MS_PER_SIM_SECOND = 2
// Connecting and registering grows with the fleet (every device's first heartbeat is a write).
const READY_LIMIT_MS = 15_000 + NODES * 60
const HARD_LIMIT_MS = 60_000 + IDLE_WINDOW_MS + READY_LIMIT_MS
/** The seed's per-connection message budget (asyncapi "Rate Limiting"). */
const WS_BUDGET = 10

const r2 = (x) => round(x, 2)

let server = null
const runners = []
let stopping = false

async function main() {
  if (!existsSync(RUNNER)) return { skipped: 'dist/src/services/orchestrator/node-runner/runner.js missing (run make build)' }
  const { detectPinning } = await import('../lib/cpu.mjs')
  const { cpuSecondsOf, startServer } = await import('../lib/proc.mjs')
  const cpuMs = (pid) => {
    const s = cpuSecondsOf(pid)
    return s === null ? null : s * 1000
  }
  const { ours, PROBE } = await import('../lib/targets.mjs')
  const { COMMAND_REQUEST, BEARER } = await import('../servers/fixtures.mjs')
  const { NodeRunner } = await import(RUNNER)
  if (typeof NodeRunner?.prototype?.request !== 'function') return { skipped: 'NodeRunner has no request(message) method to hook `execute` arrival on' }

  // Server on its core; this process (load generator and the 50 nodes) on the other.
  const pin = detectPinning()
  if (pin.pinned) spawnSync('taskset', ['-a', '-p', '-c', pin.load, String(process.pid)], { stdio: 'ignore' })
  // DISPATCH_CPU_PROF_DIR=<dir>: the unbundled server under --cpu-prof (samples name our files).
  const profDir = process.env.DISPATCH_CPU_PROF_DIR
  const target = profDir ? ours('real', ['--cpu-prof', `--cpu-prof-dir=${profDir}`], 'modules') : ours('real')
  const port = await freePort()
  // No demo seed: its background work (a saju PDF job rendering) must not land in the idle window.
  const env = { ...target.env, SEED_EXAMPLES: 'false', ORCH_RATE_LIMIT_WS_MSG_PER_SEC: String(WS_BUDGET) }
  server = await startServer({ name: target.label, cmd: target.cmd, args: target.args, env, port, probe: PROBE, pin, core: pin.server, cwd: ROOT })
  // Start-up work scheduled after listening (validators at 1 s, findori's OG font warm-up at 2 s)
  // stays out of the figures.
  await sleep(3000)

  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const http = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body)
      const headers = { authorization: BEARER, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) }
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }))
      })
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
      req.on('error', reject)
      req.end(payload)
    })
  const total = async (path) => JSON.parse((await http('GET', path)).body).total

  // Every task's timings, keyed by task id (the execute may arrive before its 202).
  const byTask = new Map()
  const execs = { count: 0, duplicates: 0, unknownTask: 0, busyOnArrival: 0 }
  const nodeTrouble = []
  for (let n = 1; n <= NODES; n++) {
    const nodeId = `node-b${String(n).padStart(2, '0')}`
    const runner = new NodeRunner({
      url: `ws://127.0.0.1:${port}`,
      nodeId,
      token: target.env.ORCH_NODE_TOKEN,
      devices: DEVICES_PER_NODE,
      msPerSecond: MS_PER_SIM_SECOND,
      messagesPerSec: WS_BUDGET,
      heartbeatIntervalMs: HEARTBEAT_MS,
      reconnect: false,
      log: (msg, fields) => {
        if (stopping || msg === 'connected' || msg === 'rate limited by the server') return
        if (nodeTrouble.length < 20) nodeTrouble.push({ msg, ...fields })
        else nodeTrouble.length++
      },
    })
    const original = runner.request.bind(runner)
    runner.request = (m) => {
      if (m?.method === 'execute') {
        const t = performance.now()
        execs.count++
        const id = m.params?.task_id
        let rec = byTask.get(id)
        if (!rec) byTask.set(id, (rec = {}))
        if (rec.exec !== undefined) execs.duplicates++
        else rec.exec = t
        if (runner.devices.get(m.params?.device_id)?.currentTask) execs.busyOnArrival++
      }
      return original(m)
    }
    runners.push(runner)
  }
  const tConnect = performance.now()
  await Promise.all(runners.map((r) => r.start()))
  // Ready: every node online and every device registered idle (first heartbeats handled).
  const readyBy = performance.now() + READY_LIMIT_MS
  for (;;) {
    const [online, idle] = await Promise.all([total('/api/nodes?status=online&limit=1'), total('/api/devices?status=idle&limit=1')])
    if (online === NODES && idle === NODES * DEVICES_PER_NODE) break
    if (performance.now() > readyBy)
      throw new Error(`not ready after ${READY_LIMIT_MS / 1000} s: ${online}/${NODES} nodes online, ${idle}/${NODES * DEVICES_PER_NODE} devices idle`)
    await sleep(20)
  }
  const connectMs = performance.now() - tConnect

  // Devices interleaved node by node: consecutive commands go to different connections.
  const devices = []
  for (let d = 0; d < DEVICES_PER_NODE; d++) for (const r of runners) devices.push([...r.devices.keys()][d])
  const runnerOf = new Map(runners.flatMap((r) => [...r.devices.keys()].map((id) => [id, r])))
  const body = { ...COMMAND_REQUEST, params: { ...COMMAND_REQUEST.params, duration: 1 } }

  async function burst(from, count) {
    const sent = []
    const failures = {}
    let busyAtSend = 0
    let next = 0
    const t0 = performance.now()
    async function worker() {
      while (next < count) {
        const i = next++
        const deviceId = devices[(from + i) % devices.length]
        if (runnerOf.get(deviceId).devices.get(deviceId).currentTask) busyAtSend++
        const rec = { send: performance.now() }
        try {
          const res = await http('POST', `/api/devices/${deviceId}/command`, body)
          rec.accepted = performance.now()
          if (res.status !== 202) {
            const code = (() => {
              try {
                return JSON.parse(res.body).code
              } catch {
                return ''
              }
            })()
            failures[`${res.status} ${code}`.trim()] = (failures[`${res.status} ${code}`.trim()] ?? 0) + 1
            continue
          }
          const taskId = JSON.parse(res.body).task_id
          const seen = byTask.get(taskId)
          if (seen) Object.assign(seen, rec)
          else byTask.set(taskId, rec)
          sent.push(taskId)
        } catch (e) {
          failures[e.message] = (failures[e.message] ?? 0) + 1
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    const sendDoneMs = performance.now() - t0
    // Every accepted command's execute, or 5 s more at most.
    const waitUntil = performance.now() + 5_000
    while (sent.some((id) => byTask.get(id).exec === undefined) && performance.now() < waitUntil) await sleep(5)
    return { t0, sendDoneMs, sent, failures, busyAtSend }
  }

  // Warm-up (JIT, statement caches), then let its tasks finish.
  await burst(0, WARMUP)
  await sleep(300)
  // The fleet's own background work (heartbeats of every device, the sweeper) with no command in
  // flight: it grows with the fleet, so it is measured and taken out of the per-command figure.
  const idle0 = { server: cpuMs(server.pid), t: performance.now() }
  await sleep(IDLE_WINDOW_MS)
  const idleServerCpuPerSec = idle0.server === null ? null : ((cpuMs(server.pid) - idle0.server) / (performance.now() - idle0.t)) * 1000

  const loop = monitorEventLoopDelay({ resolution: 1 })
  loop.enable()
  const before = { ...execs }
  const cpu0 = { server: cpuMs(server.pid), driver: process.cpuUsage(), wall: performance.now() }
  const m = await burst(WARMUP, COMMANDS)
  const cpu1 = { server: cpuMs(server.pid), driver: process.cpuUsage(cpu0.driver), wall: performance.now() }
  loop.disable()
  const recs = m.sent.map((id) => byTask.get(id))
  const arrived = recs.filter((r) => r.exec !== undefined)
  const acceptedToExec = arrived.map((r) => r.exec - r.accepted)
  const lastExec = Math.max(...arrived.map((r) => r.exec))
  const lastAccepted = Math.max(...recs.map((r) => r.accepted))

  // What the server thinks happened (all tasks, warm-up included), once every task has ended
  // (or 10 s more at most): a lost reply shows as a task that does not complete.
  const counts = () => Promise.all(['failed', 'queued', 'running', 'completed', 'cancelled'].map((s) => total(`/api/tasks?status=${s}&limit=1`)))
  const settleBy = performance.now() + 10_000
  let [failedTasks, queuedTasks, runningTasks, completedTasks] = await counts()
  while (queuedTasks + runningTasks > 0 && performance.now() < settleBy) {
    await sleep(50)
    ;[failedTasks, queuedTasks, runningTasks, completedTasks] = await counts()
  }
  // Results answered after the last task ended are still in flight for a moment.
  const unacked = () => runners.reduce((n, r) => n + r.unacknowledged.length, 0)
  for (let i = 0; i < 40 && unacked() > 0; i++) await sleep(25)
  const failedByCode = {}
  if (failedTasks > 0) {
    const { tasks } = JSON.parse((await http('GET', '/api/tasks?status=failed&limit=100')).body)
    for (const t of tasks) failedByCode[t.error?.code ?? '?'] = (failedByCode[t.error?.code ?? '?'] ?? 0) + 1
  }
  const sum = (k) => runners.reduce((n, r) => n + r.stats[k], 0)
  const lostReplies = {
    total: sum('refused') + unacked() + (WARMUP + COMMANDS - completedTasks),
    refusedByBudget: sum('refused'),
    unacknowledgedResults: unacked(),
    tasksNotCompleted: WARMUP + COMMANDS - completedTasks,
    failedByCode,
  }

  const failed = Object.keys(m.failures).length > 0 || arrived.length < m.sent.length || failedTasks > 0 || nodeTrouble.length > 0 || lostReplies.total > 0
  return {
    nodes: NODES,
    devices: NODES * DEVICES_PER_NODE,
    commands: COMMANDS,
    concurrency: CONCURRENCY,
    warmup: WARMUP,
    connectAndRegisterMs: r2(connectMs),
    accepted: m.sent.length,
    executed: arrived.length,
    acceptedToExecuteMs: percentiles(acceptedToExec),
    sendToExecuteMs: percentiles(arrived.map((r) => r.exec - r.send)),
    sendToAcceptedMs: percentiles(recs.map((r) => r.accepted - r.send)),
    executeBefore202: acceptedToExec.filter((x) => x < 0).length,
    restAcceptedPerSec: Math.round(recs.length / ((lastAccepted - m.t0) / 1000)),
    dispatchPerSec: Math.round(arrived.length / ((lastExec - m.t0) / 1000)),
    // CPU spent per accepted command while the burst ran: the server's, and this process's (the
    // HTTP client and the 50 nodes), to tell which side limits the rate.
    cpuMsPerCommand: {
      server: cpu0.server === null ? null : r2((cpu1.server - cpu0.server) / Math.max(1, m.sent.length)),
      // Less the idle fleet's background CPU over the burst's wall time: the cost of a dispatch itself.
      serverNetOfBackground:
        cpu0.server === null || idleServerCpuPerSec === null
          ? null
          : r2((cpu1.server - cpu0.server - (idleServerCpuPerSec * (cpu1.wall - cpu0.wall)) / 1000) / Math.max(1, m.sent.length)),
      driver: r2((cpu1.driver.user + cpu1.driver.system) / 1000 / Math.max(1, m.sent.length)),
      burstWallMs: r2(lastExec - m.t0),
    },
    // The idle fleet's server CPU (ms per second of wall time): heartbeats grow with the devices.
    idleServerCpuMsPerSec: r2(idleServerCpuPerSec),
    driverEventLoopDelayMs: { p99: r2(loop.percentile(99) / 1e6), max: r2(loop.max / 1e6) },
    failures: {
      rest: m.failures,
      missingExecute: m.sent.length - arrived.length,
      duplicateExecute: execs.duplicates - before.duplicates,
      executeWhileDeviceBusy: execs.busyOnArrival - before.busyOnArrival,
      deviceBusyAtSend: m.busyAtSend,
      nodeEvents: nodeTrouble,
    },
    serverTasks: { completed: completedTasks, failed: failedTasks, queued: queuedTasks, running: runningTasks, sent: WARMUP + COMMANDS },
    wsBudgetPerSec: WS_BUDGET,
    lostReplies,
    results: { sent: sum('resultsSent'), resent: sum('resultsResent'), acknowledged: sum('resultsAcked'), notTaken: sum('resultsRejected') },
    ...(failed ? { serverStderr: server.stderr().trim().slice(-600) } : {}),
    pinning: pin.note,
  }
}

async function cleanup() {
  stopping = true
  await Promise.race([Promise.all(runners.map((r) => r.stop().catch(() => undefined))), sleep(3000)])
  await server?.stop()
}
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.once(sig, () => {
    server?.child.kill('SIGKILL')
    process.exit(1)
  })
}
await runBounded({ main, cleanup, hardLimitMs: HARD_LIMIT_MS, server: () => server })
