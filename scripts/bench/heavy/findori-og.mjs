/**
 * Heavy operation: findori's OG image (1200×630 PNG, satori → resvg), cold, uncached and cached
 * (issue 15).
 *
 *   node scripts/bench/heavy/findori-og.mjs [uncached=8] [cachedRequests=200]
 *
 * Two parts, each said in the output:
 * - The module, directly, in this fresh process (dist/src/services/findori/og/render.js): the
 *   import (satori, yoga, resvg), the first render (cold: fonts read from disk and parsed, first
 *   layout), then renders of `uncached` distinct covers (warm, nothing cached: the cost a new
 *   cover pays).
 * - Through HTTP against our compiled server (SERVE_MODE=real, SQLite file; the render cache,
 *   OgCache, lives in the server behind GET /api/og/issue/{id}): `uncached` published issues
 *   written into its database, the first GET of each (a render: the very first one may be cold,
 *   when it comes before the server's own warm-up 2 s after listening, which is reported), then
 *   `cachedRequests` GETs of one of them (cache hit, 200 with the PNG) and as many conditional
 *   GETs with its ETag (304, no body).
 * Prints one JSON object (or `{ skipped }`).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../lib/proc.mjs'
import { percentiles, round } from '../lib/stats.mjs'
import { runBounded } from '../lib/bounded.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const RENDER = `${ROOT}dist/src/services/findori/og/render.js`
const UNCACHED = Math.max(2, Number(process.argv[2] ?? 8))
const CACHED = Number(process.argv[3] ?? 200)
const HARD_LIMIT_MS = 90_000
const FEED_DATE = '2026-02-27'

const r2 = (x) => round(x, 2)

/** The spec example's first issue with its cover (title, change, colours) varied by `i`. */
function issueVariant(example, i) {
  const up = i % 2 === 0
  const change = `${up ? '+' : '-'}${(1 + i * 0.7).toFixed(1)}%`
  const visual = up
    ? { bg_from: '#0f172a', bg_via: '#7f1d1d', bg_to: '#0f172a', accent: '#EF4444' }
    : { bg_from: '#0f172a', bg_via: '#1e3a5f', bg_to: '#0f172a', accent: '#3B82F6' }
  const cards = example.cards_data.map((c) =>
    c.type === 'cover' ? { ...c, title: `${example.entity_name}\n오늘 ${change}`, sub: `벤치 ${i} · ${FEED_DATE}`, visual } : { ...c, visual },
  )
  return { ...example, id: `${String(i).padStart(8, '0')}-0000-4000-8000-0000000000aa`, change_value: change, order: i + 1, cards_data: cards }
}

let server = null
let dir = null

async function main() {
  if (!existsSync(RENDER)) return { skipped: 'dist/src/services/findori/og/render.js missing (run make build)' }
  const { examples } = await import(`${ROOT}dist/generated/findori/examples.gen.js`)
  const example = Object.values(examples.getFeedByDate.responses['200'].examples)[0].issues[0]
  const variants = Array.from({ length: UNCACHED }, (_, i) => issueVariant(example, i))
  const inputOf = (v) => ({ cover: v.cards_data.find((c) => c.type === 'cover'), entityName: v.entity_name, changeValue: v.change_value })

  // --- the module, in this fresh process, on the server's core (nothing else of ours runs yet)
  const { detectPinning } = await import('../lib/cpu.mjs')
  const pin = detectPinning()
  const moveTo = (core) => pin.pinned && spawnSync('taskset', ['-a', '-p', '-c', core, String(process.pid)], { stdio: 'ignore' })
  moveTo(pin.server)
  let t = performance.now()
  const { renderOgPng } = await import(RENDER)
  const importMs = performance.now() - t
  t = performance.now()
  const first = await renderOgPng(inputOf(variants[0]))
  const coldRenderMs = performance.now() - t
  const warm = []
  for (const v of variants.slice(1)) {
    t = performance.now()
    await renderOgPng(inputOf(v))
    warm.push(performance.now() - t)
  }
  const module = { importMs: r2(importMs), coldFirstRenderMs: r2(coldRenderMs), uncachedRenderMs: percentiles(warm), pngBytes: first.length }

  // --- through HTTP, our server and its cache
  const { startServer } = await import('../lib/proc.mjs')
  const { ours, PROBE } = await import('../lib/targets.mjs')
  const { default: Database } = await import('better-sqlite3')
  moveTo(pin.load)
  dir = mkdtempSync(join(tmpdir(), 'bench-findori-og-'))
  const file = join(dir, 'bench.db')
  const target = ours('real')
  const port = await freePort()
  const env = { ...target.env, DATABASE_URL: `sqlite:${file}`, SEED_EXAMPLES: 'false' }
  server = await startServer({ name: target.label, cmd: target.cmd, args: target.args, env, port, probe: PROBE, pin, core: pin.server, cwd: ROOT })
  // The server answered its first request (it listens) about now; its own OG warm-up runs 2 s later.
  const readyAt = performance.now()

  const db = new Database(file)
  const at = '2026-02-27T21:00:00.000Z'
  db.prepare(`INSERT INTO findori_feeds (date, status, published_at, created_at, updated_at) VALUES (?, 'published', ?, ?, ?)`).run(FEED_DATE, at, at, at)
  const insert = db.prepare(
    `INSERT INTO findori_published_issues (id, feed_date, entity_type, entity_id, entity_name, title, change_value, position, tags_json, cards_json, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const v of variants)
    insert.run(
      v.id,
      FEED_DATE,
      v.entity_type,
      v.entity_id,
      v.entity_name,
      v.title,
      v.change_value,
      v.order,
      JSON.stringify(v.tags),
      JSON.stringify(v.cards_data),
      at,
    )
  db.close()

  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const get = (path, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
        let bytes = 0
        res.on('data', (c) => (bytes += c.length))
        res.on('end', () => resolve({ status: res.statusCode, etag: res.headers.etag, type: res.headers['content-type'], bytes }))
      })
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')))
      req.on('error', reject)
      req.end()
    })
  const timedGet = async (path, headers) => {
    const t0 = performance.now()
    const res = await get(path, headers)
    return { ...res, ms: performance.now() - t0 }
  }

  const firstAfterReadyMs = performance.now() - readyAt
  const renders = []
  for (const v of variants) {
    const res = await timedGet(`/api/og/issue/${v.id}`)
    if (res.status !== 200 || res.type !== 'image/png') throw new Error(`GET /api/og/issue/${v.id} answered ${res.status} ${res.type}`)
    renders.push(res)
  }
  const path = `/api/og/issue/${variants[1].id}`
  const cached = []
  for (let i = 0; i < CACHED; i++) {
    const res = await timedGet(path)
    if (res.status !== 200) throw new Error(`cached GET answered ${res.status}`)
    cached.push(res.ms)
  }
  const notModified = []
  for (let i = 0; i < CACHED; i++) {
    const res = await timedGet(path, { 'if-none-match': renders[1].etag })
    if (res.status !== 304) throw new Error(`conditional GET answered ${res.status}`)
    notModified.push(res.ms)
  }
  agent.destroy()

  return {
    module,
    http: {
      firstRequestMs: r2(renders[0].ms),
      firstRequestAfterReadyMs: r2(firstAfterReadyMs),
      // Whether the server's own warm-up (2 s after listening) could not have started before it ended.
      firstRequestBeforeWarmUp: firstAfterReadyMs + renders[0].ms < 2000,
      uncachedRenderMs: percentiles(renders.slice(1).map((r) => r.ms)),
      cachedMs: percentiles(cached),
      notModifiedMs: percentiles(notModified),
      pngBytes: renders[1].bytes,
    },
    measuredThrough:
      'module: dist/src/services/findori/og/render.js in a fresh process; http: GET /api/og/issue/{id} on dist/bundle/main.js (its OgCache), keep-alive, one at a time',
    pinning: pin.note,
  }
}

async function cleanup() {
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
}
await runBounded({ main, cleanup, hardLimitMs: HARD_LIMIT_MS, server: () => server })
