/**
 * Real-mode baseline (issue 15): the orchestrator's command POST written by hand, with the
 * dispatch it starts. Bare Hono, better-sqlite3 prepared statements on its own copy of the
 * database (BENCH_DB) and `ws` for the node connections at /ws/node, doing what our real handler
 * and dispatcher do, statement for statement:
 *
 * - POST /api/devices/{id}/command: the device, its node, then one transaction (the device's
 *   running task, its queue length, the task inserted); 202 with the same body and Location.
 * - The dispatch it kicks: the device, its connection, its node, its running task, the head of its
 *   queue; the same `execute` JSON-RPC frame; on the node's acceptance the task moves queued →
 *   running (compare-and-set) and the device becomes active.
 * - The node's `task_result`: whose task it is (task, device), the task again with its device,
 *   running → completed, the device's current task cleared, the device idle again, the next
 *   dispatch kicked; answered `{ ok, timestamp }`.
 *
 * A node's heartbeat (set-up only: the bench measures after the first) registers it and its
 * devices. Left out, as in the other baselines: the contract layer (request id, rate limit, the
 * body's and the frames' validation), pings, sweeps and the cluster bookkeeping.
 */
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { WebSocketServer } from 'ws'
import { BEARER, HOST, PORT, UNAUTHORIZED } from './fixtures.mjs'
import { openLikeOurs } from './sqlite.mjs'

const NODE_TOKEN = process.env.ORCH_NODE_TOKEN
const QUEUE_LIMIT = Number(process.env.ORCH_QUEUE_LIMIT ?? 10)
const EXECUTE_TIMEOUT_MS = Number(process.env.ORCH_EXECUTE_TIMEOUT_MS ?? 10_000)
const PRIORITY_RANK = { low: 1, normal: 2, high: 3 }

const db = openLikeOurs(process.env.BENCH_DB)

const getDevice = db.prepare('SELECT * FROM orch_devices WHERE id = ?')
const getNode = db.prepare('SELECT * FROM orch_nodes WHERE id = ?')
const getTask = db.prepare('SELECT * FROM orch_tasks WHERE id = ?')
const runningOf = db.prepare(`SELECT * FROM orch_tasks WHERE device_id = ? AND status = 'running'`)
const queuedCount = db.prepare(`SELECT count(*) AS n FROM orch_tasks WHERE device_id = ? AND status = 'queued'`)
const queueHead = db.prepare(
  `SELECT * FROM orch_tasks WHERE device_id = ? AND status = 'queued' ORDER BY front DESC, priority_rank DESC, created_at, id LIMIT 1`,
)
const insertTask = db.prepare(
  `INSERT INTO orch_tasks (id, device_id, node_id, command, params_json, priority, priority_rank, timeout, status, result_json, error_json, attempts, front, skip_attempt, deadline_at, created_at, started_at, finished_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', NULL, NULL, 0, 0, 0, NULL, ?, NULL, NULL, ?)`,
)
const toRunning = db.prepare(
  `UPDATE orch_tasks SET status = 'running', attempts = ?, skip_attempt = 0, front = 0, started_at = ?, deadline_at = ?, updated_at = ? WHERE id = ? AND status IN ('queued')`,
)
const toFinished = db.prepare(
  `UPDATE orch_tasks SET status = ?, result_json = ?, error_json = ?, finished_at = ?, deadline_at = NULL, updated_at = ? WHERE id = ? AND status IN ('running')`,
)
const deviceActive = db.prepare(`UPDATE orch_devices SET status = 'active', current_task = ?, updated_at = ? WHERE id = ?`)
const deviceLeft = db.prepare('UPDATE orch_devices SET current_task = NULL, updated_at = ? WHERE id = ? AND current_task = ?')
const deviceIdle = db.prepare(`UPDATE orch_devices SET status = 'idle', updated_at = ? WHERE id = ?`)
const nodeConnected = db.prepare(
  `INSERT INTO orch_nodes (id, name, status, ip, version, last_heartbeat, connected_at, disconnected_at, owner_process, created_at, updated_at)
   VALUES (?, ?, 'offline', ?, NULL, NULL, ?, NULL, 'baseline', ?, ?)
   ON CONFLICT (id) DO UPDATE SET ip = excluded.ip, connected_at = excluded.connected_at, disconnected_at = NULL, owner_process = 'baseline', updated_at = excluded.updated_at`,
)
const nodeOnline = db.prepare(`UPDATE orch_nodes SET status = 'online', last_heartbeat = ?, updated_at = ?, name = ?, version = ? WHERE id = ?`)
const upsertDevice = db.prepare(
  `INSERT INTO orch_devices (id, node_id, serial, status, current_task, metrics_json, last_seen, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?)
   ON CONFLICT (id) DO UPDATE SET node_id = excluded.node_id, status = excluded.status, serial = excluded.serial, last_seen = excluded.last_seen, updated_at = excluded.updated_at`,
)
const commandTx = db.transaction((device, row) => {
  const running = runningOf.get(device.id)
  const queued = queuedCount.get(device.id).n
  if (row.priority === 'low' && (running || queued > 0)) return { status: 409, code: 'BIZ_002' }
  if (queued >= QUEUE_LIMIT) return { status: 409, code: 'BIZ_003' }
  insertTask.run(row.id, device.id, device.node_id, row.command, row.params_json, row.priority, PRIORITY_RANK[row.priority], row.timeout, row.t, row.t)
  return null
})

const newTaskId = (now) => `task-${now.getTime().toString(36)}${randomBytes(5).toString('hex')}`
const conflict = (c, code, details) =>
  c.json({ error: 'CONFLICT', message: 'Conflict', code, details, timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }, 409)

// ---------- node connections and dispatch ----------

/** node id → { ws, ready, seq, pending: request id → callback } */
const conns = new Map()
const dispatching = new Set()
const rerun = new Set()

function request(conn, method, params, done) {
  const id = `${method === 'execute' ? 'cmd' : method}-1-${++conn.seq}`
  const timer = setTimeout(() => {
    conn.pending.delete(id)
    done({ timeout: true })
  }, EXECUTE_TIMEOUT_MS)
  conn.pending.set(id, (m) => {
    clearTimeout(timer)
    done(m)
  })
  conn.ws.send(JSON.stringify({ jsonrpc: '2.0', method, params, id }))
}

function kick(deviceId) {
  if (dispatching.has(deviceId)) return void rerun.add(deviceId)
  dispatching.add(deviceId)
  dispatchOne(deviceId)
}

/** The pump's end: once more if kicked meanwhile. */
function pumped(deviceId) {
  if (rerun.has(deviceId)) return dispatchOne(deviceId)
  dispatching.delete(deviceId)
}

function dispatchOne(deviceId) {
  rerun.delete(deviceId)
  const device = getDevice.get(deviceId)
  if (device?.status !== 'idle') return pumped(deviceId)
  const conn = conns.get(device.node_id)
  if (!conn?.ready) return pumped(deviceId)
  if (getNode.get(device.node_id)?.status !== 'online') return pumped(deviceId)
  if (runningOf.get(deviceId)) return pumped(deviceId)
  const task = queueHead.get(deviceId)
  if (!task) return pumped(deviceId)
  const params = { task_id: task.id, device_id: deviceId, command: task.command, args: JSON.parse(task.params_json), timeout: task.timeout }
  request(conn, 'execute', params, (m) => {
    if (!m.result) {
      // Refused or timed out: failed, the device free for the next (what the bench's nodes never do).
      const t = new Date().toISOString()
      if (toFinished.run('failed', null, JSON.stringify({ code: 'NODE_ERROR', message: 'refused' }), t, t, task.id).changes)
        deviceLeft.run(t, deviceId, task.id)
      return dispatchOne(deviceId)
    }
    const now = new Date()
    const t = now.toISOString()
    const deadline = new Date(now.getTime() + task.timeout * 1000).toISOString()
    if (toRunning.run(task.attempts + 1, t, deadline, t, task.id).changes) deviceActive.run(task.id, t, deviceId)
    pumped(deviceId)
  })
}

function taskResult(conn, p) {
  // Whose task it is (our hub asks before taking a task_result outside the message budget).
  const owner = getTask.get(p.task_id)
  if (!owner || getDevice.get(owner.device_id)?.node_id !== conn.nodeId) return { code: -32001, message: 'Forbidden' }
  const task = getTask.get(p.task_id)
  const device = getDevice.get(task.device_id)
  if (device?.node_id !== conn.nodeId) return { code: -32001, message: 'Forbidden' }
  const t = new Date().toISOString()
  const finished =
    task.status === 'running' &&
    toFinished.run(p.status, p.result == null ? null : JSON.stringify(p.result), p.error == null ? null : JSON.stringify(p.error), t, t, task.id).changes > 0
  if (finished) deviceLeft.run(t, task.device_id, task.id)
  const after = getDevice.get(task.device_id)
  if (after && (after.current_task === null || after.current_task === task.id)) {
    deviceIdle.run(new Date().toISOString(), task.device_id)
    kick(task.device_id)
  }
  return finished || task.status === p.status ? null : { code: -32014, message: 'Task not running' }
}

function heartbeat(conn, p) {
  const t = new Date().toISOString()
  nodeOnline.run(t, t, p.name ?? conn.nodeId, p.version ?? null, conn.nodeId)
  for (const d of p.devices) upsertDevice.run(d.id, conn.nodeId, d.serial ?? d.id, d.status, t, t, t)
  conn.ready = true
  return null
}

const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
const tokenDigest = createHash('sha256').update(NODE_TOKEN).digest()

function accept(ws, url, ip) {
  const token = url.searchParams.get('token') ?? ''
  const nodeId = url.searchParams.get('node_id')
  if (!timingSafeEqual(createHash('sha256').update(token).digest(), tokenDigest)) return void ws.close(4001, 'Unauthorized')
  if (!nodeId || !/^node-[a-z0-9]+$/.test(nodeId)) return void ws.close(4002, 'Invalid node_id')
  const conn = { ws, nodeId, ready: false, seq: 0, pending: new Map() }
  conns.set(nodeId, conn)
  const t = new Date().toISOString()
  nodeConnected.run(nodeId, nodeId, ip, t, t, t)
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString())
    if (m.method === undefined) {
      const answered = conn.pending.get(m.id)
      conn.pending.delete(m.id)
      return answered?.(m)
    }
    const error =
      m.method === 'task_result'
        ? taskResult(conn, m.params)
        : m.method === 'heartbeat'
          ? heartbeat(conn, m.params)
          : { code: -32601, message: 'Method not found' }
    if (m.id !== undefined)
      ws.send(
        JSON.stringify(error ? { jsonrpc: '2.0', error, id: m.id } : { jsonrpc: '2.0', result: { ok: true, timestamp: new Date().toISOString() }, id: m.id }),
      )
  })
  ws.on('close', () => conns.get(nodeId) === conn && conns.delete(nodeId))
}

// ---------- HTTP ----------

const app = new Hono()
app.use('/api/*', async (c, next) => (c.req.header('authorization') === BEARER ? next() : c.json(UNAUTHORIZED, 401)))
// The bench's readiness probe.
app.get('/api/nodes', (c) => c.json({ nodes: [], total: 0, limit: 50, offset: 0 }))
app.post('/api/devices/:device_id/command', async (c) => {
  const body = await c.req.json()
  const device = getDevice.get(c.req.param('device_id'))
  if (!device) return c.json({ error: 'NOT_FOUND', message: 'Not found', code: 'RES_002' }, 404)
  const nodeStatus = getNode.get(device.node_id)?.status ?? 'offline'
  if (nodeStatus !== 'online') return conflict(c, 'BIZ_001', { node_id: device.node_id, node_status: nodeStatus })
  if (device.status === 'offline' || (device.status === 'error' && body.command !== 'reboot')) return conflict(c, 'BIZ_004', { device_id: device.id })
  const params = body.params ?? {}
  const priority = body.priority ?? 'normal'
  const timeout = body.timeout ?? 300
  const now = new Date()
  const id = newTaskId(now)
  const t = now.toISOString()
  const refused = commandTx(device, { id, command: body.command, params_json: JSON.stringify(params), priority, timeout, t })
  if (refused) return conflict(c, refused.code, { device_id: device.id })
  kick(device.id)
  c.header('Location', `/api/tasks/${id}`)
  return c.json({ task_id: id, status: 'queued', device_id: device.id, created_at: t }, 202)
})

const server = serve({ fetch: app.fetch, port: PORT, hostname: HOST })
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (url.pathname !== '/ws/node') return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
  wss.handleUpgrade(req, socket, head, (ws) => accept(ws, url, req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? null))
})
// A clean exit on the bench's SIGTERM, so --cpu-prof (BENCH_REAL_PROFILE_DIR) writes its profile.
process.on('SIGTERM', () => process.exit(0))
