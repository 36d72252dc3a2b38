/**
 * Real handlers against hand-written baselines (issue 15). For each case, our server runs with
 * real handlers on a SQLite file (SERVE_MODE=real, no demo seed); after it migrated the file, the
 * case writes its data straight into it (per size), and the case's baseline server (bare Hono +
 * better-sqlite3 prepared statements, the same queries, the same body) reads the same file. Both
 * are pinned to the server core and loaded in alternating rounds; before each size is measured
 * their answers are compared (they must be identical).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import Database from 'better-sqlite3'
import { runLoad } from '../lib/load.mjs'
import { httpRequest, startServer } from '../lib/proc.mjs'
import { median } from '../lib/stats.mjs'
import { PROBE, ours } from '../lib/targets.mjs'
import { freshPort } from '../lib/throughput.mjs'
import { TOKEN } from '../servers/fixtures.mjs'
import { cpuSecondsOf } from '../lib/proc.mjs'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * A slow operation (tens of ms per call) measured per call instead of under wrk: each of the op's
 * bodies sent once, one at a time, wall time and server CPU per call. Resolves what runLoad does.
 */
async function runSequential({ port, op, serverPid }) {
  const cpu0 = serverPid ? cpuSecondsOf(serverPid) : null
  const times = []
  let non2xx = 0
  const t0 = performance.now()
  for (const body of op.bodies) {
    const t = performance.now()
    const res = await httpRequest(port, { ...op, body }, 30_000)
    times.push(performance.now() - t)
    if (res.status >= 400) non2xx++
  }
  const seconds = (performance.now() - t0) / 1000
  const cpu1 = serverPid ? cpuSecondsOf(serverPid) : null
  const p50 = median(times)
  return {
    rps: times.length / seconds,
    total: times.length,
    p50,
    non2xx,
    errors: 0,
    clientCpu: null,
    serverCpuUsPerReq: cpu0 != null && cpu1 != null ? ((cpu1 - cpu0) * 1e6) / times.length : null,
  }
}

const sameJson = (a, b) => a.status === 200 && b.status === 200 && isDeepStrictEqual(JSON.parse(a.body), JSON.parse(b.body))

/**
 * `c`: { id, label, op, baseline (server script path), sizes, sizeLabel, fill(file, size), and
 * optionally env, ownFile, attach(size, targets, { rounds }), opFor(target) (the op for that
 * target's next run), sequential (measured per call, one at a time, over the op's bodies, not
 * under wrk), settle(file), same(baselineAnswer, ourAnswer, targets) };
 * a target is { id, port, pid, file }.
 * Resolves { [size]: { bodyBytes, answersIdentical, ratio, baseline, ours } }.
 */
export async function compareWithBaseline(c, { rounds, duration, warmup, connections, pin, log }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-real-'))
  const file = join(dir, 'bench.db')
  // BENCH_REAL_PROFILE_DIR: our server (unbundled) and the baseline run under --cpu-prof (profiles written there when
  // it stops; summarize with lib/profile.mjs summarizeProfile). Slower: for finding causes, not figures.
  const profileDir = process.env.BENCH_REAL_PROFILE_DIR
  const target = profileDir ? ours('real', ['--cpu-prof', `--cpu-prof-dir=${profileDir}`], 'modules') : ours('real')
  const handles = []
  const out = {}
  let detach = null
  try {
    const ourPort = freshPort()
    const env = { ...target.env, ...c.env, DATABASE_URL: `sqlite:${file}`, SEED_EXAMPLES: 'false', ORCH_HEARTBEAT_TIMEOUT_MS: '86400000' }
    handles.push(await startServer({ ...target, env, port: ourPort, probe: PROBE, pin, core: pin.server }))
    // Start-up work scheduled after listening (findori's OG font warm-up, 2 s) stays out of the rounds.
    await sleep(3000)
    // A write case may give the baseline its own copy of the migrated database (`ownFile`), so the
    // two servers' writes (and their node runners' devices, which may then share ids) never mix.
    const baseFile = c.ownFile ? join(dir, 'baseline.db') : file
    if (c.ownFile) {
      const db = new Database(file)
      db.prepare('VACUUM INTO ?').run(baseFile)
      db.close()
    }
    const basePort = freshPort()
    const baseEnv = { ORCH_ADMIN_TOKEN: TOKEN, ...c.env, BENCH_DB: baseFile }
    handles.push(
      await startServer({
        name: 'baseline',
        cmd: process.execPath,
        args: [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), c.baseline],
        env: baseEnv,
        port: basePort,
        probe: PROBE,
        pin,
        core: pin.server,
      }),
    )
    const [ourHandle, baseHandle] = handles
    const targets = [
      { id: 'baseline', port: basePort, pid: baseHandle.pid, file: baseFile },
      { id: 'ours', port: ourPort, pid: ourHandle.pid, file },
    ]
    for (const size of c.sizes) {
      await detach?.()
      detach = null
      await c.fill(file, size)
      if (c.ownFile) await c.fill(baseFile, size)
      if (c.attach) detach = await c.attach(size, targets, { rounds })
      // A case whose requests are used up (each approves another thread) hands each run its own.
      const opOf = (t) => (c.opFor ? c.opFor(t) : c.op)
      const answers = []
      for (const t of targets) {
        const op = opOf(t)
        const probe = op.paths ? { ...op, path: op.paths[0] } : op.bodies ? { ...op, body: op.bodies[0] } : op
        answers.push(await httpRequest(t.port, probe, 30_000))
        await c.settle?.(t.file)
      }
      const [a, b] = answers
      const same = (c.same ?? sameJson)(a, b, targets)
      if (!same)
        log(`  ${c.id} ${c.sizeLabel}=${size}: ANSWERS DIFFER: baseline ${a.status} ${a.body.slice(0, 300)} / ours ${b.status} ${b.body.slice(0, 300)}`)
      for (const t of targets) {
        await (c.sequential ? runSequential : runLoad)({ port: t.port, op: opOf(t), connections, duration: warmup, pin })
        await c.settle?.(t.file)
      }
      const runs = { baseline: [], ours: [] }
      for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < targets.length; i++) {
          const t = targets[(i + r) % targets.length]
          const cpu0 = c.settle ? cpuSecondsOf(t.pid) : null
          const op = opOf(t)
          const res = await (c.sequential ? runSequential : runLoad)({ port: t.port, op, connections, duration, pin, serverPid: t.pid })
          if (op.bodies && res.total > op.bodies.length) log(`  ${c.id}: ${t.id} sent ${res.total} requests for ${op.bodies.length} bodies: some were repeats`)
          if (c.settle) {
            // The work the requests left running (a dispatch, a node's result) counts as theirs.
            res.settleMs = await c.settle(t.file)
            const cpu1 = cpuSecondsOf(t.pid)
            if (cpu0 != null && cpu1 != null && res.total) res.serverCpuUsPerReq = ((cpu1 - cpu0) * 1e6) / res.total
          }
          runs[t.id].push(res)
          log(
            `  ${c.id} ${c.sizeLabel}=${String(size).padEnd(5)} round ${r + 1}/${rounds} ${t.id.padEnd(9)} ${Math.round(res.rps).toString().padStart(6)} req/s  p50 ${res.p50?.toFixed(1)} ms  server ${res.serverCpuUsPerReq?.toFixed(1)} µs/req  client CPU ${Math.round((res.clientCpu ?? 0) * 100)}%${res.non2xx || res.errors ? `  non-2xx ${res.non2xx} errors ${res.errors}` : ''}`,
          )
        }
      }
      const sum = (xs) => ({
        rps: median(xs.map((x) => x.rps)),
        serverCpuUsPerReq: median(xs.map((x) => x.serverCpuUsPerReq)),
        clientCpu: xs.some((x) => x.clientCpu == null) ? null : median(xs.map((x) => x.clientCpu)),
        p50: median(xs.map((x) => x.p50)),
        rounds: xs.map((x) => Math.round(x.rps)),
        non2xx: xs.reduce((s, x) => s + x.non2xx + x.errors, 0),
      })
      const ratio = median(runs.ours.map((x, i) => x.rps / runs.baseline[i].rps))
      // Server CPU per request, paired by round: steadier than req/s on a shared machine, and for
      // writes with background work (settle) the one figure that counts all of it.
      const cpuRatio = median(
        runs.ours.map((x, i) => (x.serverCpuUsPerReq ? runs.baseline[i].serverCpuUsPerReq / x.serverCpuUsPerReq : null)).filter((x) => x != null),
      )
      out[size] = { bodyBytes: Buffer.byteLength(b.body), answersIdentical: same, ratio, cpuRatio, baseline: sum(runs.baseline), ours: sum(runs.ours) }
    }
  } finally {
    await detach?.()
    for (const h of handles) await h.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  return out
}
