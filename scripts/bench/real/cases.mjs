/**
 * The real-mode cases `make bench` compares with hand-written baselines (section `real`): what
 * each loads into the database, the request, and the baseline server that answers it by hand.
 */
import { createHash, randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import Database from 'better-sqlite3'
import { SignJWT } from 'jose'
import { canonicalize } from 'json-canonicalize'
import { examples as findoriExamples } from '../../../dist/generated/findori/examples.gen.js'
import { examples as sajuExamples } from '../../../dist/generated/saju/examples.gen.js'
import { BEARER } from '../servers/fixtures.mjs'

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
