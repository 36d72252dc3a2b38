/**
 * The real-mode cases `make bench` compares with hand-written baselines (section `real`): what
 * each loads into the database, the request, and the baseline server that answers it by hand.
 */
import { createHash, randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import Database from 'better-sqlite3'
import { SignJWT } from 'jose'
import { canonicalize } from 'json-canonicalize'
import { examples as findoriExamples } from '../../../dist/generated/findori/examples.gen.js'
import { examples as hitlExamples } from '../../../dist/generated/hitl/examples.gen.js'
import { examples as sajuExamples } from '../../../dist/generated/saju/examples.gen.js'
import { BEARER, COMMAND_REQUEST, ROOT } from '../servers/fixtures.mjs'
import { setTimeout as sleep } from 'node:timers/promises'

const server = (file) => fileURLToPath(new URL(`../servers/${file}`, import.meta.url))

function write(file, fn) {
  const db = new Database(file)
  try {
    db.transaction(() => fn(db))()
  } finally {
    db.close()
  }
}

const DEVICES_PER_NODE = 5

/** The orchestrator's online node list; size = nodes, each with 5 idle devices. */
export const orchestratorList = {
  id: 'orchestrator-list',
  label: 'orchestrator: GET /api/nodes?status=online&limit=50',
  sizeLabel: 'nodes',
  op: { id: 'listOnline', method: 'GET', path: '/api/nodes?status=online&limit=50', headers: { authorization: BEARER } },
  baseline: server('real-orchestrator.mjs'),
  fill: (file, nodes) =>
    write(file, (db) => {
      const now = new Date().toISOString()
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
    }),
}

const FEED_DATE = '2026-02-27'
const EXAMPLE_ISSUES = Object.values(findoriExamples.getFeedByDate.responses['200'].examples)[0].issues

/** findori's public feed of a day; size = published issues that day (the spec example's, repeated). */
export const findoriFeed = {
  id: 'findori-feed',
  label: `findori: GET /api/feeds/${FEED_DATE}`,
  sizeLabel: 'issues',
  op: { id: 'feedByDate', method: 'GET', path: `/api/feeds/${FEED_DATE}`, headers: {} },
  baseline: server('real-findori.mjs'),
  fill: (file, issues) =>
    write(file, (db) => {
      const at = '2026-02-27T21:00:00.000Z'
      db.prepare('DELETE FROM findori_published_issues').run()
      db.prepare('DELETE FROM findori_feeds').run()
      db.prepare(`INSERT INTO findori_feeds (date, status, published_at, created_at, updated_at) VALUES (?, 'published', ?, ?, ?)`).run(FEED_DATE, at, at, at)
      const insert = db.prepare(
        `INSERT INTO findori_published_issues (id, feed_date, entity_type, entity_id, entity_name, title, change_value, position, tags_json, cards_json, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      for (let i = 0; i < issues; i++) {
        const e = EXAMPLE_ISSUES[i % EXAMPLE_ISSUES.length]
        const id = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`
        insert.run(
          id,
          FEED_DATE,
          e.entity_type,
          e.entity_id,
          e.entity_name,
          e.title,
          e.change_value,
          i + 1,
          JSON.stringify(e.tags),
          JSON.stringify(e.cards_data),
          at,
        )
      }
    }),
}

/** Every secret of our server the saju baseline must share: the JWT secret and the signing key. */
const SAJU_ENV = { SAJU_JWT_SECRET: 'bench-saju-jwt-0123456789abcdef', SAJU_SIGNING_KEY: 'a5'.repeat(32) }
const SAJU_USER = 'u_bench01'
const SAJU_REQUEST = sajuExamples.createSajuReport.request.body.dstOverlapExplicitOffset
/** What differs between two reports of the same input (spec: meta.report_id and generated_at), and the signature over them. */
const SAJU_VARYING = new Set(['report_id', 'generated_at', 'sha256'])

/** A stored API token for the bench user, as `issueApiToken` makes one (HS256 JWT, its SHA-256 kept). */
async function sajuToken(db) {
  const now = Math.floor(Date.now() / 1000)
  const jti = randomUUID()
  const token = await new SignJWT({ sub: SAJU_USER, jti })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 86_400)
    .setAudience('saju-api')
    .sign(new TextEncoder().encode(SAJU_ENV.SAJU_JWT_SECRET))
  const at = new Date(now * 1000).toISOString()
  db.prepare('INSERT INTO saju_api_tokens (id, user_id, token_hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)').run(
    jti,
    SAJU_USER,
    createHash('sha256').update(token).digest('hex'),
    at,
    new Date((now + 86_400) * 1000).toISOString(),
  )
  return token
}

/** Replaces what differs per request (ids, times, the signature over them) with its type. */
function masked(value, key) {
  if (SAJU_VARYING.has(key)) return typeof value
  if (Array.isArray(value)) return value.map((v) => masked(v))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k)]))
  return value
}

/** The body's own claim checked: signatures.sha256 = SHA-256 of the JCS bytes of the rest. */
function selfSigned(body) {
  const { signatures, ...rest } = body
  return signatures?.sha256 === createHash('sha256').update(canonicalize(rest), 'utf8').digest('hex')
}

/**
 * saju's signed report (HTTP, bearer token of a stored API token); size = saju users stored (one
 * measured). The report spends nothing (spec: 비용 차감 없음), so no tokens are funded. Each
 * request stores one more report. Answers: the same body once ids and times are masked, each
 * body's signature checked, and an X-Signature header on both.
 */
export const sajuReport = {
  id: 'saju-report',
  label: 'saju: POST /api/v1/report/saju (signed)',
  sizeLabel: 'users',
  note: 'Bodies compared with report_id, generated_at and the hash masked; both signatures checked.',
  op: {
    id: 'sajuReport',
    method: 'POST',
    path: '/api/v1/report/saju',
    // The contract requires X-Request-Id on every saju request; one value serves (it is not an idempotency key).
    headers: { authorization: '', 'content-type': 'application/json', 'x-request-id': 'bench-saju-report-0001' },
    body: SAJU_REQUEST,
  },
  env: SAJU_ENV,
  baseline: server('real-saju-report.mjs'),
  fill: async (file) => {
    const db = new Database(file)
    try {
      const at = new Date().toISOString()
      db.prepare('DELETE FROM saju_reports').run()
      db.prepare('DELETE FROM saju_api_tokens').run()
      db.prepare('DELETE FROM saju_users').run()
      db.prepare(`INSERT INTO saju_users (id, plan, deep_tokens, created_at, updated_at) VALUES (?, 'plus', 4, ?, ?)`).run(SAJU_USER, at, at)
      sajuReport.op.headers.authorization = `Bearer ${await sajuToken(db)}`
    } finally {
      db.close()
    }
  },
  same: (a, b) => {
    if (a.status !== 200 || b.status !== 200 || !a.headers['x-signature'] || !b.headers['x-signature']) return false
    const [x, y] = [JSON.parse(a.body), JSON.parse(b.body)]
    return selfSigned(x) && selfSigned(y) && isDeepStrictEqual(masked(x), masked(y))
  },
}

const DEVICES_PER_RUNNER = 20
const ORCH_COMMAND_ENV = {
  ORCH_NODE_TOKEN: 'bench-node-0123456789abcdef',
  // Room for the queues a burst builds (the default bound, 10 per device, would answer 409).
  ORCH_QUEUE_LIMIT: '10000',
  // No pings during the rounds (the baseline has none).
  ORCH_PING_INTERVAL_MS: '3600000',
}
const runnerIds = (devices) => Array.from({ length: Math.ceil(devices / DEVICES_PER_RUNNER) }, (_, i) => `node-c${String(i + 1).padStart(2, '0')}`)
const deviceIds = (devices) =>
  runnerIds(devices).flatMap((n) => Array.from({ length: DEVICES_PER_RUNNER }, (_, i) => `device-${n.slice(5)}x${String(i + 1).padStart(3, '0')}`))

function countOf(file, sql) {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(sql).get().n
  } finally {
    db.close()
  }
}

/** What a stored row looks like with its ids and times replaced by their types. */
const TIME_OR_ID = /(^id$|_at$|^last_seen$|^last_heartbeat$|^current_task$)/
const rowShape = (row) => row && Object.fromEntries(Object.entries(row).map(([k, v]) => [k, TIME_OR_ID.test(k) ? typeof v : v]))

/**
 * The orchestrator's command POST with the dispatch it starts; size = devices, on node runners of
 * 20 (the reference NodeRunner from dist/, in this process, connected over /ws/node to each server;
 * `run_script` takes 0 ms, so each task is accepted and completed at once). wrk cycles through the
 * devices (one command per device in turn). Each server has its own copy of the database (same
 * node and device ids). After each run the bench waits until every task has completed (the queues
 * a burst builds are drained), and that work counts in the server's CPU per request.
 */
export const orchestratorCommand = {
  id: 'orchestrator-command',
  label: 'orchestrator: POST /api/devices/{id}/command (runScript) + dispatch to a node runner',
  sizeLabel: 'devices',
  note: 'The POST and the dispatch it starts (execute, acceptance, task_result), queues drained after each run: read the µs/req columns (all of that work per command); req/s counts the POSTs accepted.',
  op: {
    id: 'sendCommand',
    method: 'POST',
    paths: deviceIds(100).map((d) => `/api/devices/${d}/command`),
    headers: { authorization: BEARER, 'content-type': 'application/json' },
    body: COMMAND_REQUEST,
  },
  env: ORCH_COMMAND_ENV,
  ownFile: true,
  baseline: server('real-orchestrator-command.mjs'),
  fill: (file) =>
    write(file, (db) => {
      for (const t of ['orch_tasks', 'orch_node_metrics', 'orch_devices', 'orch_nodes']) db.prepare(`DELETE FROM ${t}`).run()
    }),
  attach: async (devices, targets) => {
    orchestratorCommand.op.paths = deviceIds(devices).map((d) => `/api/devices/${d}/command`)
    const { NodeRunner } = await import(`${ROOT}dist/src/services/orchestrator/node-runner/runner.js`)
    const runners = targets.flatMap((t) =>
      runnerIds(devices).map(
        (nodeId) =>
          new NodeRunner({
            url: `ws://127.0.0.1:${t.port}`,
            nodeId,
            token: ORCH_COMMAND_ENV.ORCH_NODE_TOKEN,
            devices: DEVICES_PER_RUNNER,
            msPerSecond: 0,
            heartbeatIntervalMs: 3_600_000,
            messagesPerSec: 1_000_000,
            reconnect: false,
          }),
      ),
    )
    await Promise.all(runners.map((r) => r.start()))
    // Ready: every device registered idle on every server (the first heartbeats handled).
    for (const t of targets) {
      const by = Date.now() + 15_000
      while (countOf(t.file, `SELECT count(*) AS n FROM orch_devices WHERE status = 'idle'`) < runnerIds(devices).length * DEVICES_PER_RUNNER) {
        if (Date.now() > by) throw new Error(`${t.id}: the node runners' devices did not register within 15 s`)
        await sleep(20)
      }
    }
    return () => Promise.all(runners.map((r) => r.stop()))
  },
  /** Waits until no task is queued or running; resolves the time it took (ms). */
  settle: async (file) => {
    const t0 = Date.now()
    while (countOf(file, `SELECT count(*) AS n FROM orch_tasks WHERE status IN ('queued', 'running')`) > 0) {
      if (Date.now() - t0 > 60_000) throw new Error('tasks still queued or running after 60 s')
      await sleep(10)
    }
    return Date.now() - t0
  },
  /** 202, the same body and Location but for the task's id and time, and the same stored task and device rows but for ids and times. */
  same: (a, b, targets) => {
    if (a.status !== 202 || b.status !== 202) return false
    const [x, y] = [JSON.parse(a.body), JSON.parse(b.body)]
    const rows = [x, y].map((r, i) => {
      const db = new Database(targets[i].file, { readonly: true })
      try {
        const task = db.prepare('SELECT * FROM orch_tasks WHERE id = ?').get(r.task_id)
        return { task: rowShape(task), device: rowShape(db.prepare('SELECT * FROM orch_devices WHERE id = ?').get(r.device_id)) }
      } finally {
        db.close()
      }
    })
    const shape = (r) => ({ ...r, task_id: /^task-[0-9a-z]+$/.test(r.task_id), created_at: !Number.isNaN(Date.parse(r.created_at)) })
    return (
      a.headers.location === `/api/tasks/${x.task_id}` &&
      b.headers.location === `/api/tasks/${y.task_id}` &&
      isDeepStrictEqual(shape(x), shape(y)) &&
      rows[0].task?.status === 'completed' &&
      isDeepStrictEqual(rows[0], rows[1])
    )
  },
}

const HITL_ENV = { HITL_API_TOKEN: 'bench-hitl-token-0123456789abcdef' }
const HITL_TABLES = ['hitl_events', 'hitl_messages', 'hitl_fills', 'hitl_user_decisions', 'hitl_approval_requests', 'hitl_threads']
const HITL_THREAD = hitlExamples.createApprovalThread.request.body.trading

/** POSTs `bodies` to our server, `concurrency` at a time over keep-alive; throws on an answer other than `status`. */
async function postAll(port, path, headers, bodies, status, concurrency = 8) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  let next = 0
  const worker = async () => {
    while (next < bodies.length) {
      const payload = JSON.stringify(bodies[next++])
      const res = await new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path,
            agent,
            headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
          },
          (r) => {
            let body = ''
            r.on('data', (d) => (body += d))
            r.on('end', () => resolve({ status: r.statusCode, body }))
          },
        )
        req.on('error', reject)
        req.end(payload)
      })
      if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${res.body.slice(0, 300)}`)
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, worker))
  } finally {
    agent.destroy()
  }
}

/** Each target's unused threads: every run approves threads no run approved before. */
const hitlPending = new Map()

/**
 * hitl's approve round trip: POST /api/v1/chat/approve `approved` on a trading thread waiting at
 * its approval interrupt; the graph resumes from its checkpoint, executes (simulated broker) and
 * completes. Measured per call, one approval at a time (`sequential`), not under wrk: a call takes
 * ~30 ms of CPU and ~85 ms of wall time (LangGraph's checkpoint writes, each committed to disk), so
 * a 1–2 s wrk run with 50 connections ends with most requests still in flight and counts a
 * handful; and each approval can be given once (again, it is a cheaper no-op), so a throughput
 * run would need thousands of threads made ready first (~0.1 s each). Every run approves threads
 * no run used: size = approvals per run; (rounds + 2) × size threads are created through our server (POST /threads, the spec's
 * `trading` example with its own thread id and `trade: always`), then its hitl tables and its
 * checkpoint file are copied to the baseline's, so both approve the same threads.
 */
export const hitlApprove = {
  id: 'hitl-approve',
  label: 'hitl: POST /api/v1/chat/approve (resumes a checkpointed graph)',
  sizeLabel: 'approvals per run',
  note: 'Measured per call, one approval at a time (not wrk): req/s is 1 ÷ the mean call time, no load generator. Read µs/req (server CPU per approval).',
  op: {
    id: 'approve',
    method: 'POST',
    path: '/api/v1/chat/approve',
    headers: { authorization: `Bearer ${HITL_ENV.HITL_API_TOKEN}`, 'content-type': 'application/json' },
  },
  env: HITL_ENV,
  ownFile: true,
  sequential: true,
  baseline: server('real-hitl-approve.mjs'),
  fill: (file) =>
    write(file, (db) => {
      for (const t of HITL_TABLES) db.prepare(`DELETE FROM ${t}`).run()
    }),
  attach: async (size, targets, { rounds }) => {
    const ours = targets.find((t) => t.id === 'ours')
    // One slice for the answers' check, one for the warm-up, one per round.
    const ids = Array.from({ length: size * (rounds + 2) }, () => randomUUID())
    hitlPending.set('perRun', size)
    const threads = ids.map((thread_id) => ({ ...HITL_THREAD, thread_id, hitl_config: { trade: 'always' } }))
    await postAll(ours.port, '/api/v1/chat/threads', { authorization: hitlApprove.op.headers.authorization }, threads, 201)
    for (const t of targets) {
      hitlPending.set(t.id, [...ids])
      if (t === ours) continue
      const db = new Database(t.file)
      try {
        db.prepare('ATTACH DATABASE ? AS src').run(ours.file)
        db.transaction(() => {
          for (const table of HITL_TABLES) {
            db.prepare(`DELETE FROM main.${table}`).run()
            db.prepare(`INSERT INTO main.${table} SELECT * FROM src.${table}`).run()
          }
        })()
        db.prepare('DETACH DATABASE src').run()
      } finally {
        db.close()
      }
      const checkpoints = `${t.file}-hitl-checkpoints`
      for (const f of [checkpoints, `${checkpoints}-wal`, `${checkpoints}-shm`]) rmSync(f, { force: true })
      const src = new Database(`${ours.file}-hitl-checkpoints`)
      try {
        src.prepare('VACUUM INTO ?').run(checkpoints)
      } finally {
        src.close()
      }
    }
    return null
  },
  opFor: (t) => {
    const ids = hitlPending.get(t.id).splice(0, hitlPending.get('perRun'))
    if (!ids.length) throw new Error(`${t.id}: no thread left to approve`)
    return { ...hitlApprove.op, bodies: ids.map((thread_id) => ({ thread_id, decision: 'approved' })) }
  },
  /** The same 200 body, and the thread's stored messages and events the same but for their times. */
  same: (a, b, targets) => {
    if (a.status !== 200 || b.status !== 200) return false
    const [x, y] = [JSON.parse(a.body), JSON.parse(b.body)]
    const stored = targets.map((t) => {
      const db = new Database(t.file, { readonly: true })
      try {
        const strip = (rows) => rows.map(({ created_at, data_json, ...r }) => ({ ...r, ...(data_json ? { data: JSON.parse(data_json) } : {}) }))
        return {
          messages: strip(db.prepare('SELECT * FROM hitl_messages WHERE thread_id = ? ORDER BY seq').all(x.conversation_id)),
          events: strip(db.prepare('SELECT * FROM hitl_events WHERE thread_id = ? ORDER BY seq').all(x.conversation_id)).map((e) =>
            e.data?.at ? { ...e, data: { ...e.data, at: typeof e.data.at } } : e,
          ),
        }
      } finally {
        db.close()
      }
    })
    return x.graph_completed === true && isDeepStrictEqual(x, y) && stored[0].events.length > 0 && isDeepStrictEqual(stored[0], stored[1])
  },
}
