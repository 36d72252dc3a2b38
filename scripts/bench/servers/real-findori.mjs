/**
 * Real-mode baseline (issue 15): findori's public feed of a day written by hand. Bare Hono and
 * better-sqlite3 prepared statements on our server's database file (BENCH_DB): the published feed
 * and its published issues in order, the same body (tags and cards parsed from their JSON
 * columns). The date's calendar check stands in for what the contract asks of the handler.
 */
import { serve } from '@hono/node-server'
import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { HOST, PORT } from './fixtures.mjs'

const db = new Database(process.env.BENCH_DB, { readonly: true, fileMustExist: true })
const feed = db.prepare(`SELECT date FROM findori_feeds WHERE date = ? AND status = 'published'`)
const issues = db.prepare('SELECT * FROM findori_published_issues WHERE feed_date = ? ORDER BY position, id')

const app = new Hono()
// The bench's readiness probe asks for the orchestrator's list; any answer will do.
app.get('/api/nodes', (c) => c.json({ nodes: [], total: 0, limit: 50, offset: 0 }))
app.get('/api/feeds/:date', (c) => {
  const date = c.req.param('date')
  const d = new Date(`${date}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date)
    return c.json({ error: 'invalid_date', message: '날짜 형식이 올바르지 않습니다.' }, 400)
  if (!feed.get(date)) return c.json({ error: 'feed_not_found', message: '피드를 찾을 수 없습니다.' }, 404)
  const rows = issues.all(date).map((r) => ({
    id: r.id,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    entity_name: r.entity_name,
    title: r.title,
    change_value: r.change_value,
    order: r.position,
    tags: JSON.parse(r.tags_json),
    cards_data: JSON.parse(r.cards_json),
  }))
  return c.json({ date, status: 'published', issues: rows })
})
serve({ fetch: app.fetch, port: PORT, hostname: HOST })

// A clean exit on the bench's SIGTERM, so --cpu-prof (BENCH_REAL_PROFILE_DIR) writes its profile.
process.on('SIGTERM', () => process.exit(0))
