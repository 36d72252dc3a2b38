/**
 * Heavy operation: a hitl approval that resumes a checkpointed graph (issue 15), per call, through
 * HTTP against our compiled server (SERVE_MODE=real, SQLite file: the LangGraph checkpointer
 * writes to the app database).
 *
 *   node scripts/bench/heavy/hitl-resume.mjs [budgetMs=6000]
 *
 * Each sample: `POST /api/v1/chat/threads` (a Korean trading request; the graph runs to its
 * approval interrupt and checkpoints), then `POST /api/v1/chat/approve` with `approved` (the graph
 * is read back from its checkpoint, resumed through the execute node and the simulated broker,
 * and checkpointed again), timed apart, one at a time over a keep-alive socket, alternating
 * trading and rebalance threads, within the budget. Then the durable case: threads left waiting,
 * the server stopped and a new one started on the same file, and their approvals timed (the
 * first one in the new process apart). The approve THROUGHPUT under load is the `real` section's
 * (another case); this is the latency of one resume. Prints one JSON object (or `{ skipped }`).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../lib/proc.mjs'
import { percentiles, round } from '../lib/stats.mjs'
import { runBounded } from '../lib/bounded.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BUDGET_MS = Number(process.argv[2] ?? 6000)
const AFTER_RESTART = 20
const HARD_LIMIT_MS = 90_000
const TOKEN = 'bench-hitl-token-0123456789abcdef'
const REQUESTS = [
  { kind: 'trading', body: { message: '삼성전자 10주 76300원에 매수' } },
  { kind: 'rebalance', body: { message: '포트폴리오 리밸런싱 해줘' } },
]

const r2 = (x) => round(x, 2)

let server = null
let dir = null

async function main() {
  const { detectPinning } = await import('../lib/cpu.mjs')
  const { cpuSecondsOf, startServer } = await import('../lib/proc.mjs')
  const { ours, PROBE } = await import('../lib/targets.mjs')
  const pin = detectPinning()
  if (pin.pinned) spawnSync('taskset', ['-a', '-p', '-c', pin.load, String(process.pid)], { stdio: 'ignore' })
  dir = mkdtempSync(join(tmpdir(), 'bench-hitl-'))
  const target = ours('real')
  const env = { ...target.env, DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, SEED_EXAMPLES: 'false', HITL_API_TOKEN: TOKEN }
  let port = 0
  let agent = null
  const start = async () => {
    port = await freePort()
    agent = new Agent({ keepAlive: true, maxSockets: 1 })
    server = await startServer({ name: target.label, cmd: target.cmd, args: target.args, env, port, probe: PROBE, pin, core: pin.server, cwd: ROOT })
  }
  const post = (path, body) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body)
      const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
      const t0 = performance.now()
      const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers, agent }, (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'), ms: performance.now() - t0 }))
      })
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')))
      req.on('error', reject)
      req.end(payload)
    })
  const createThread = async (i) => {
    const { kind, body } = REQUESTS[i % REQUESTS.length]
    const res = await post('/api/v1/chat/threads', body)
    if (res.status !== 201 || res.body?.status !== 'awaiting_approval')
      throw new Error(`create (${kind}) answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`)
    return { kind, id: res.body.thread_id, ms: res.ms }
  }
  const approve = async (t) => {
    const res = await post('/api/v1/chat/approve', { thread_id: t.id, decision: 'approved' })
    if (res.status !== 200 || res.body?.graph_completed !== true || res.body?.no_op)
      throw new Error(`approve (${t.kind}) answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`)
    return res.ms
  }

  await start()
  // Warm-up: the first thread and approval of the process load LangGraph and compile the graphs.
  const warm = await createThread(0)
  const firstApproveMs = await approve(warm)
  const creates = { trading: [], rebalance: [] }
  const approves = { trading: [], rebalance: [] }
  const cpu0 = cpuSecondsOf(server.pid)
  const deadline = performance.now() + BUDGET_MS
  let n = 0
  for (; performance.now() < deadline || n < 10; n++) {
    const t = await createThread(n)
    creates[t.kind].push(t.ms)
    approves[t.kind].push(await approve(t))
  }
  const cpuMsPerPair = cpu0 === null ? null : ((cpuSecondsOf(server.pid) - cpu0) * 1000) / n

  // Durable: threads waiting at their interrupt survive a restart and resume from the checkpoint.
  const waiting = []
  for (let i = 0; i < AFTER_RESTART; i++) waiting.push(await createThread(i))
  agent.destroy()
  await server.stop()
  await start()
  const afterRestart = []
  for (const t of waiting) afterRestart.push(await approve(t))
  agent.destroy()

  return {
    firstApproveInProcessMs: r2(firstApproveMs),
    approveMs: { trading: percentiles(approves.trading), rebalance: percentiles(approves.rebalance) },
    createThreadMs: { trading: percentiles(creates.trading), rebalance: percentiles(creates.rebalance) },
    serverCpuMsPerThreadAndApproval: r2(cpuMsPerPair),
    afterRestart: { firstApproveMs: r2(afterRestart[0]), approveMs: percentiles(afterRestart.slice(1)) },
    measuredThrough: 'HTTP: POST /api/v1/chat/approve on dist/bundle/main.js, SQLite file (checkpointer in the app database), one call at a time',
    pinning: pin.note,
  }
}

async function cleanup() {
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
}
await runBounded({ main, cleanup, hardLimitMs: HARD_LIMIT_MS, server: () => server })
