/**
 * Real-mode baseline (issue 15): the orchestrator's node list written by hand. Bare Hono and
 * better-sqlite3 prepared statements on the same database file our server uses (BENCH_DB), the
 * same three queries (the page, the total, the device counts of the page's nodes) and the same
 * body. What our real handler costs beyond this is Kysely, the handler and the contract layer.
 */
import { serve } from '@hono/node-server'
import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { BEARER, HOST, PORT, UNAUTHORIZED } from './fixtures.mjs'

const db = new Database(process.env.BENCH_DB, { readonly: true, fileMustExist: true })
// `+?`: a plain bound LIMIT makes this SQLite (built with STAT4) prepare the statement again on
// every run; our server reads its bound limits the same way (src/db/connect.ts, unboundLimits).
const page = db.prepare('SELECT * FROM orch_nodes WHERE status = ? ORDER BY id LIMIT +? OFFSET +?')
const pageAll = db.prepare('SELECT * FROM orch_nodes ORDER BY id LIMIT +? OFFSET +?')
const total = db.prepare('SELECT count(*) AS n FROM orch_nodes WHERE status = ?')
const totalAll = db.prepare('SELECT count(*) AS n FROM orch_nodes')
/** One statement per page size (the IN list's length), as a hand-written server would cache them. */
const countsBySize = new Map()
const counts = (ids) => {
  let stmt = countsBySize.get(ids.length)
  if (!stmt)
    countsBySize.set(
      ids.length,
      (stmt = db.prepare(`SELECT node_id, count(*) AS n FROM orch_devices WHERE node_id IN (${ids.map(() => '?').join(',')}) GROUP BY node_id`)),
    )
  return new Map(stmt.all(...ids).map((r) => [r.node_id, r.n]))
}

const app = new Hono()
app.use('/api/*', async (c, next) => (c.req.header('authorization') === BEARER ? next() : c.json(UNAUTHORIZED, 401)))
app.get('/api/nodes', (c) => {
  const status = c.req.query('status')
  const limit = Number(c.req.query('limit') ?? 20)
  const offset = Number(c.req.query('offset') ?? 0)
  const rows = status ? page.all(status, limit, offset) : pageAll.all(limit, offset)
  const n = (status ? total.get(status) : totalAll.get()).n
  const deviceCounts = rows.length ? counts(rows.map((r) => r.id)) : new Map()
  const nodes = rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    device_count: deviceCounts.get(r.id) ?? 0,
    last_heartbeat: r.last_heartbeat,
    ip: r.ip,
    version: r.version,
  }))
  return c.json({ nodes, total: n, limit, offset })
})
serve({ fetch: app.fetch, port: PORT, hostname: HOST })

// A clean exit on the bench's SIGTERM, so --cpu-prof (BENCH_REAL_PROFILE_DIR) writes its profile.
process.on('SIGTERM', () => process.exit(0))
