/**
 * Heavy operation: one findori pipeline run over a day of news (issue 15), end to end through
 * HTTP against our compiled server, and its stages timed one by one.
 *
 *   node scripts/bench/heavy/findori-pipeline.mjs [articles=1000] [feeds=8] [runs=5]
 *
 * A generated fixture (rss-fixture.mjs: `articles` items over `feeds` feeds, Korean headlines
 * and HTML bodies over the pipeline's own listing, ~5% syndicated duplicates) is served from a
 * loopback HTTP server in this process. Our server (`dist/bundle/main.js`, SERVE_MODE=real,
 * SQLite file, FINDORI_FETCH_ALLOW_PRIVATE=1 so it may fetch from loopback; the default
 * HTTP fetcher and the embedded market-data adapter, which reads the change from the articles;
 * the pipeline has no LLM step) runs pinned to the server core; the feeds are registered
 * straight in its database, then `GET /api/cron/pipeline` (the cron trigger, which runs the
 * pipeline to its end before answering) is timed `runs` times: the first run is the first in
 * the process (module JIT, statement caches cold), later ones replace the day's drafts as a
 * rerun does. The server's CPU per run is read from /proc.
 *
 * The pipeline exposes no stage timings, so the stages are timed here on the same fixture with
 * the pipeline's own compiled functions (dist/src/services/findori/pipeline/): fetch (the
 * server's HTTP fetcher, 4 at a time as the pipeline does), parse (feedsmith), dedupe, group by
 * company or theme (`recognise` over every article), build the drafts (group again + market
 * data + cards). Database writes and bookkeeping are the server's run time less those stages.
 * Prints one JSON object (or `{ skipped }`).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateFixture, serveFixture } from './rss-fixture.mjs'
import { freePort } from '../lib/proc.mjs'
import { median, round } from '../lib/stats.mjs'
import { runBounded } from '../lib/bounded.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const PIPE = `${ROOT}dist/src/services/findori/pipeline/`
const ARTICLES = Number(process.argv[2] ?? 1000)
const FEEDS = Number(process.argv[3] ?? 8)
const RUNS = Math.max(2, Number(process.argv[4] ?? 5))
const HARD_LIMIT_MS = 90_000

const r2 = (x) => round(x, 2)

function get(port, path, headers) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/** Median ms of `fn` over `n` calls after one warm-up call; also the result of the last call. */
async function timed(fn, n = 5) {
  let out = await fn()
  const ms = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    out = await fn()
    ms.push(performance.now() - t)
  }
  return { ms: median(ms), out }
}

/** Which stage a frame's file belongs to; the first match walking up from the sampled frame wins. */
const STAGE_OF = [
  ['parse', /pipeline\/parse-feed|node_modules\/(feedsmith|fast-xml-parser|entities)\//],
  ['groupAndBuild', /pipeline\/(recognise|build-issues|market-data|krx-listing)|findori\/cards/],
  ['fetch', /pipeline\/(fetch-feed|decode-feed)/],
  ['database', /node_modules\/(kysely|better-sqlite3)\/|dist\/src\/db\/|findori\/repo/],
  ['httpAndContract', /dist\/src\/(kit|server)|dist\/generated\//],
]

/**
 * Server CPU by pipeline stage from a --cpu-prof profile, samples after `skipMs` only: a sample
 * counts for the innermost frame that names a stage (so the database work a repo function does
 * is `database`); the rest is `other` (node's own HTTP and sockets, the event loop) or `gc`.
 */
function stagesOfProfile(profile, skipMs, runs) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const stageOfNode = new Map()
  const stageOf = (id) => {
    if (stageOfNode.has(id)) return stageOfNode.get(id)
    const url = byId.get(id).callFrame.url
    const own = STAGE_OF.find(([, re]) => re.test(url))?.[0]
    const p = parent.get(id)
    const stage = own ?? (p === undefined ? 'other' : stageOf(p))
    stageOfNode.set(id, stage)
    return stage
  }
  const us = {}
  let t = profile.startTime
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]
    if (t - profile.startTime < skipMs * 1000) return
    const name = byId.get(id).callFrame.functionName
    if (name === '(idle)') return
    const stage = name === '(garbage collector)' ? 'gc' : stageOf(id)
    us[stage] = (us[stage] ?? 0) + profile.timeDeltas[i]
  })
  const total = Object.values(us).reduce((a, b) => a + b, 0)
  const order = Object.entries(us).sort((a, b) => b[1] - a[1])
  return {
    cpuMsPerRun: Object.fromEntries(order.map(([k, v]) => [k, r2(v / 1000 / runs)])),
    pctOfBusy: Object.fromEntries(order.map(([k, v]) => [k, r2((100 * v) / total)])),
  }
}

let server = null
let host = null
let dir = null

async function main() {
  if (!existsSync(`${PIPE}pipeline.js`)) return { skipped: 'dist/src/services/findori/pipeline/ missing (run make build)' }
  const { detectPinning } = await import('../lib/cpu.mjs')
  const { cpuSecondsOf, startServer } = await import('../lib/proc.mjs')
  const { ours, PROBE } = await import('../lib/targets.mjs')
  const { LISTED_STOCKS } = await import(`${PIPE}krx-listing.js`)
  const { httpFeedFetcher } = await import(`${PIPE}fetch-feed.js`)
  const { parseArticles } = await import(`${PIPE}parse-feed.js`)
  const { buildIssues, dedupe, groupByEntity } = await import(`${PIPE}build-issues.js`)
  const { articleMarketData } = await import(`${PIPE}market-data.js`)
  const { default: Database } = await import('better-sqlite3')

  const fixture = generateFixture({ articles: ARTICLES, feeds: FEEDS, stocks: LISTED_STOCKS })
  host = await serveFixture(fixture)

  const pin = detectPinning()
  if (pin.pinned) spawnSync('taskset', ['-a', '-p', '-c', pin.load, String(process.pid)], { stdio: 'ignore' })
  dir = mkdtempSync(join(tmpdir(), 'bench-findori-pipeline-'))
  const file = join(dir, 'bench.db')
  // Unbundled under --cpu-prof, so the profile names the pipeline's files (see stagesOfProfile).
  const profDir = join(dir, 'prof')
  const target = ours('real', ['--cpu-prof', `--cpu-prof-dir=${profDir}`], 'modules')
  const port = await freePort()
  const env = { ...target.env, DATABASE_URL: `sqlite:${file}`, SEED_EXAMPLES: 'false', FINDORI_FETCH_ALLOW_PRIVATE: '1', FINDORI_FETCH_TIMEOUT_MS: '30000' }
  server = await startServer({ name: target.label, cmd: target.cmd, args: target.args, env, port, probe: PROBE, pin, core: pin.server, cwd: ROOT })

  const db = new Database(file)
  const insert = db.prepare('INSERT INTO findori_sources (id, name, rss_url, active, created_at) VALUES (?, ?, ?, 1, ?)')
  for (const [i, f] of fixture.feeds.entries())
    insert.run(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `bench feed ${i}`, host.url(f.path), new Date().toISOString())
  db.close()

  const auth = { authorization: `Bearer ${env.CRON_SECRET}` }
  const readyAt = performance.now()
  let skipMs = 0
  const runs = []
  for (let i = 0; i < RUNS; i++) {
    // The profile's window starts after the first run (module loading, first JIT).
    if (i === 1) skipMs = server.startMs + (performance.now() - readyAt)
    const cpu0 = cpuSecondsOf(server.pid)
    const t = performance.now()
    const res = await get(port, '/api/cron/pipeline', auth)
    const ms = performance.now() - t
    const cpu1 = cpuSecondsOf(server.pid)
    if (res.status !== 200) throw new Error(`GET /api/cron/pipeline answered ${res.status}: ${res.body.slice(0, 300)}`)
    const body = JSON.parse(res.body)
    runs.push({ ms, serverMs: body.duration_ms, issuesCreated: body.issues_created, serverCpuMs: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) * 1000 })
  }
  await server.stop()
  const profFile = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))
  const serverStages = profFile ? stagesOfProfile(JSON.parse(readFileSync(join(profDir, profFile), 'utf8')), skipMs, RUNS - 1) : null
  const check = new Database(file, { readonly: true })
  const issues = check.prepare('SELECT COUNT(*) AS n FROM findori_issues').get().n
  const logs = check.prepare('SELECT status, COUNT(*) AS n FROM findori_pipeline_logs GROUP BY status').all()
  check.close()

  // The stages, here, with the pipeline's own functions on the same feeds.
  const fetcher = httpFeedFetcher({ timeoutMs: 30_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3, allowPrivate: true })
  const urls = fixture.feeds.map((f) => host.url(f.path))
  const fetchAll = async () => {
    const out = new Array(urls.length)
    let next = 0
    await Promise.all(
      Array.from({ length: Math.min(4, urls.length) }, async () => {
        for (let i = next++; i < urls.length; i = next++) out[i] = await fetcher.fetch(urls[i])
      }),
    )
    return out
  }
  const fetched = await timed(fetchAll)
  const parsed = await timed(() => fetched.out.flatMap((xml, i) => parseArticles(xml, `bench feed ${i}`)))
  const articles = parsed.out
  const deduped = await timed(() => dedupe(articles))
  const grouped = await timed(() => groupByEntity(deduped.out))
  const built = await timed(() => buildIssues(articles, '2026-03-03', articleMarketData))
  const stages = { fetch: fetched.ms, parse: parsed.ms, dedupe: deduped.ms, groupByEntity: grouped.ms, buildIssues: built.ms }
  const later = runs.slice(1)
  const runMs = median(later.map((r) => r.serverMs))
  const dominant = serverStages ? Object.entries(serverStages.cpuMsPerRun).find(([k]) => k !== 'other' && k !== 'gc')?.[0] : null

  return {
    articles: ARTICLES,
    feeds: FEEDS,
    fixtureBytes: fixture.bytes,
    syndicatedDuplicates: fixture.duplicates,
    parsedArticles: articles.length,
    afterDedupe: deduped.out.length,
    groups: grouped.out.length,
    issuesPerRun: built.out.length,
    issuesInDatabase: issues,
    runLogs: Object.fromEntries(logs.map((l) => [l.status, l.n])),
    firstRun: { ms: r2(runs[0].ms), serverMs: runs[0].serverMs, serverCpuMs: r2(runs[0].serverCpuMs), issuesCreated: runs[0].issuesCreated },
    laterRuns: {
      n: later.length,
      medianMs: r2(median(later.map((r) => r.ms))),
      medianServerMs: r2(runMs),
      medianServerCpuMs: r2(median(later.map((r) => r.serverCpuMs))),
      msPerArticle: r2(median(later.map((r) => r.ms)) / ARTICLES),
    },
    serverStages,
    dominantStage: dominant,
    benchProcessStagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, r2(v)])),
    measuredThrough:
      'HTTP (GET /api/cron/pipeline on dist/src/main.js under --cpu-prof, SQLite file); stages from the server profile, and timed again in the bench process with the compiled pipeline functions',
    pinning: pin.note,
  }
}

async function cleanup() {
  await server?.stop()
  await host?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
}
await runBounded({ main, cleanup, hardLimitMs: HARD_LIMIT_MS, server: () => server })
