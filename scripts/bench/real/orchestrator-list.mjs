/**
 * Real mode against a hand-written baseline (issue 15): GET /api/nodes?status=online&limit=50 on
 * our server with real handlers (SQLite file) and on `servers/real-orchestrator.mjs` (bare Hono +
 * better-sqlite3 prepared statements, the same three queries and body) reading the same file.
 * Sizes: the node count (5 devices each) written straight into the database after our server
 * migrated it; the heartbeat timeout is raised so the sweeper leaves them online. Both servers are
 * pinned to the server core and measured in alternating rounds; their answers must be identical.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import Database from 'better-sqlite3'
import { runLoad } from '../lib/load.mjs'
import { httpRequest, startServer } from '../lib/proc.mjs'
import { median } from '../lib/stats.mjs'
import { PROBE, ours } from '../lib/targets.mjs'
import { freshPort } from '../lib/throughput.mjs'
import { BEARER, TOKEN } from '../servers/fixtures.mjs'

const BASELINE = fileURLToPath(new URL('../servers/real-orchestrator.mjs', import.meta.url))
const DEVICES_PER_NODE = 5
const OP = { id: 'listOnline', method: 'GET', path: '/api/nodes?status=online&limit=50', headers: { authorization: BEARER } }

/** Replaces every node and device with `nodes` online nodes of DEVICES_PER_NODE idle devices. */
function writeFleet(file, nodes) {
  const db = new Database(file)
  const now = new Date().toISOString()
  db.transaction(() => {
    db.prepare('DELETE FROM orch_devices').run()
    db.prepare('DELETE FROM orch_nodes').run()
    const node = db.prepare(
      `INSERT INTO orch_nodes (id, name, status, ip, version, last_heartbeat, connected_at, disconnected_at, created_at, updated_at) VALUES (?, ?, 'online', ?, '1.4.2', ?, ?, NULL, ?, ?)`,
    )
    const device = db.prepare(
      `INSERT INTO orch_devices (id, node_id, serial, status, current_task, metrics_json, last_seen, created_at, updated_at) VALUES (?, ?, ?, 'idle', NULL, NULL, ?, ?, ?)`,
    )
    for (let n = 1; n <= nodes; n++) {
      const id = `node-${String(n).padStart(4, '0')}`
      node.run(id, `rack ${n}`, `10.0.${Math.floor(n / 250)}.${n % 250}`, now, now, now, now)
      for (let d = 1; d <= DEVICES_PER_NODE; d++) device.run(`${id}-dev-${d}`, id, `R58M${n}${d}`, now, now, now)
    }
  })()
  db.close()
}

export async function realOrchestratorList({ sizes, rounds, duration, warmup, connections, pin, log }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-real-'))
  const file = join(dir, 'bench.db')
  const target = ours('real')
  const handles = []
  const out = {}
  try {
    const ourPort = freshPort()
    const env = { ...target.env, DATABASE_URL: `sqlite:${file}`, SEED_EXAMPLES: 'false', ORCH_HEARTBEAT_TIMEOUT_MS: '86400000' }
    handles.push(await startServer({ ...target, env, port: ourPort, probe: PROBE, pin, core: pin.server }))
    const basePort = freshPort()
    handles.push(
      await startServer({
        name: 'baseline',
        cmd: process.execPath,
        args: [BASELINE],
        env: { ORCH_ADMIN_TOKEN: TOKEN, BENCH_DB: file },
        port: basePort,
        probe: PROBE,
        pin,
        core: pin.server,
      }),
    )
    const [ourHandle, baseHandle] = handles
    const targets = [
      { id: 'baseline', port: basePort, pid: baseHandle.pid },
      { id: 'ours', port: ourPort, pid: ourHandle.pid },
    ]
    for (const size of sizes) {
      writeFleet(file, size)
      const [a, b] = await Promise.all(targets.map((t) => httpRequest(t.port, OP, 30_000)))
      const same = a.status === 200 && b.status === 200 && isDeepStrictEqual(JSON.parse(a.body), JSON.parse(b.body))
      if (!same) log(`  nodes=${size}: ANSWERS DIFFER: baseline ${a.status} ${a.body.slice(0, 200)} / ours ${b.status} ${b.body.slice(0, 200)}`)
      for (const t of targets) await runLoad({ port: t.port, op: OP, connections, duration: warmup, pin })
      const runs = { baseline: [], ours: [] }
      for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < targets.length; i++) {
          const t = targets[(i + r) % targets.length]
          const res = await runLoad({ port: t.port, op: OP, connections, duration, pin, serverPid: t.pid })
          runs[t.id].push(res)
          log(
            `  nodes=${String(size).padEnd(5)} round ${r + 1}/${rounds} ${t.id.padEnd(9)} ${Math.round(res.rps).toString().padStart(6)} req/s  server ${res.serverCpuUsPerReq?.toFixed(1)} µs/req  client CPU ${Math.round((res.clientCpu ?? 0) * 100)}%${res.non2xx || res.errors ? `  non-2xx ${res.non2xx} errors ${res.errors}` : ''}`,
          )
        }
      }
      const sum = (xs) => ({
        rps: median(xs.map((x) => x.rps)),
        serverCpuUsPerReq: median(xs.map((x) => x.serverCpuUsPerReq)),
        clientCpu: median(xs.map((x) => x.clientCpu)),
        p50: median(xs.map((x) => x.p50)),
        rounds: xs.map((x) => Math.round(x.rps)),
        non2xx: xs.reduce((s, x) => s + x.non2xx + x.errors, 0),
      })
      const ratio = median(runs.ours.map((x, i) => x.rps / runs.baseline[i].rps))
      out[size] = { bodyBytes: Buffer.byteLength(b.body), answersIdentical: same, ratio, baseline: sum(runs.baseline), ours: sum(runs.ours) }
    }
  } finally {
    for (const h of handles) await h.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  return out
}
