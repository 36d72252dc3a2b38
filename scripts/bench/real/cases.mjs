/**
 * The real-mode cases `make bench` compares with hand-written baselines (section `real`): what
 * each loads into the database, the request, and the baseline server that answers it by hand.
 */
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { examples as findoriExamples } from '../../../dist/generated/findori/examples.gen.js'
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
