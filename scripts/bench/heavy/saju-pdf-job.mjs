/**
 * Heavy operation: saju's PDF job from queued to done (issue 15), through the service's own job
 * runner (dist/src/services/saju/pdf/runner.js) on a SQLite file, in this process.
 *
 *   node scripts/bench/heavy/saju-pdf-job.mjs [budgetMs=8000]
 *
 * A database migrated as the server migrates it (kit + saju), the spec's createSajuReport request
 * examples computed by the engine and stored as reports, then jobs queued one at a time the way
 * the createPdfJob handler queues them (repo.queuedPdfJob + insertPdfJob) and `kick()`ed: the
 * runner claims the job (conditional UPDATE, lease), reads the report, renders it (pdfkit, Noto
 * Sans KR subset and embedded), stores the file (base64 + SHA-256) and finishes under its lease;
 * the time is from the insert to `kick()` resolving with the row done. The first job in the
 * process pays for loading pdfkit and the fonts (reported apart); then the render alone on the
 * same reports (what a job adds is the queue, the lease and the file write), then jobs alternating
 * between the two templates, within the budget, and a batch of 10 jobs drained by one kick.
 * Prints one JSON object (or `{ skipped }`).
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median, round } from '../lib/stats.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const SAJU = `${ROOT}dist/src/services/saju/`
const BUDGET_MS = Number(process.argv[2] ?? 8000)

const r2 = (x) => round(x, 2)
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent }

let dir = null
let handle = null
let runner = null

async function main() {
  if (!existsSync(`${SAJU}pdf/runner.js`)) return { skipped: 'dist/src/services/saju/pdf/runner.js missing (run make build)' }
  const { detectPinning } = await import('../lib/cpu.mjs')
  const pin = detectPinning()
  if (pin.pinned) spawnSync('taskset', ['-a', '-p', '-c', pin.server, String(process.pid)], { stdio: 'ignore' })
  const { connect } = await import(`${ROOT}dist/src/db/connect.js`)
  const { migrateToLatest } = await import(`${ROOT}dist/src/db/migrate.js`)
  const { sajuMigrations } = await import(`${SAJU}migrations/index.js`)
  const repo = await import(`${SAJU}repo.js`)
  const engine = await import(`${SAJU}engine/index.js`)
  const { examples } = await import(`${ROOT}dist/generated/saju/examples.gen.js`)

  dir = mkdtempSync(join(tmpdir(), 'bench-saju-pdf-'))
  handle = await connect(`sqlite:${join(dir, 'bench.db')}`)
  const db = handle.db
  await migrateToLatest(db, [sajuMigrations])

  const policies = engine.defaultPolicies()
  const userId = 'u_bench_pdf'
  const reports = []
  for (const [name, req] of Object.entries(examples.createSajuReport?.request?.body ?? {})) {
    const { profile_id: _p, ...body } = req
    let report
    try {
      report = engine.computeReport(body, { policies, now: new Date() })
    } catch {
      continue // an example that needs a stored profile
    }
    await repo.insertReport(db, {
      id: report.meta.report_id,
      user_id: userId,
      profile_id: null,
      body_json: JSON.stringify(report),
      created_at: new Date().toISOString(),
    })
    reports.push({ name, report })
  }
  if (!reports.length) return { skipped: 'no createSajuReport request example the engine computes without a profile' }

  const clock = { now: () => new Date() }
  const deps = { db, clock, logger: silent, config: { sajuPdfLeaseSec: 60 } }
  const { PdfRunner } = await import(`${SAJU}pdf/runner.js`)
  runner = new PdfRunner(deps, policies)
  const isoSec = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

  async function job(report, template, paper = 'A4') {
    const id = randomUUID()
    const t0 = performance.now()
    await repo.insertPdfJob(db, repo.queuedPdfJob({ id, user_id: userId, report_id: report.meta.report_id, template, paper }, isoSec(clock.now())))
    await runner.kick()
    const ms = performance.now() - t0
    const row = await repo.pdfJobById(db, id)
    if (row?.status !== 'done') throw new Error(`job ${id} ended ${row?.status}: ${row?.error_message}`)
    return { ms, pages: row.file_pages, bytes: row.file_size }
  }

  const first = await job(reports[0].report, 'standard')
  // The render alone, same reports and templates (also warms pdfkit and fontkit up for the jobs).
  const { renderReportPdf } = await import(`${SAJU}pdf/render.js`)
  const renderMs = { standard: [], detailed: [] }
  const renderDeadline = performance.now() + BUDGET_MS * 0.25
  for (let i = 0; performance.now() < renderDeadline || i < 4; i++) {
    const template = i % 2 ? 'detailed' : 'standard'
    const t0 = performance.now()
    await renderReportPdf(reports[i % reports.length].report, { paper: 'A4', template, now: clock.now() })
    renderMs[template].push(performance.now() - t0)
  }

  const byTemplate = { standard: [], detailed: [] }
  const deadline = performance.now() + BUDGET_MS * 0.6
  for (let i = 0; performance.now() < deadline || i < 4; i++) {
    const template = i % 2 ? 'detailed' : 'standard'
    byTemplate[template].push(await job(reports[i % reports.length].report, template))
  }
  const summary = (runs) =>
    runs.length
      ? {
          n: runs.length,
          medianMs: r2(median(runs.map((r) => r.ms))),
          pages: `${Math.min(...runs.map((r) => r.pages))}–${Math.max(...runs.map((r) => r.pages))}`,
          bytes: median(runs.map((r) => r.bytes)),
        }
      : null

  // Ten jobs queued at once, drained by one kick (one runner renders one job at a time).
  const ids = []
  for (let i = 0; i < 10; i++) {
    const id = randomUUID()
    ids.push(id)
    await repo.insertPdfJob(
      db,
      repo.queuedPdfJob(
        { id, user_id: userId, report_id: reports[i % reports.length].report.meta.report_id, template: 'standard', paper: 'A4' },
        isoSec(clock.now()),
      ),
    )
  }
  const tb = performance.now()
  await runner.kick()
  const batchMs = performance.now() - tb
  const done = (await Promise.all(ids.map((id) => repo.pdfJobById(db, id)))).filter((r) => r?.status === 'done').length

  return {
    reports: reports.map((r) => r.name),
    firstJobMs: r2(first.ms),
    jobs: { standard: summary(byTemplate.standard), detailed: summary(byTemplate.detailed) },
    renderOnlyMedianMs: { standard: r2(median(renderMs.standard)), detailed: r2(median(renderMs.detailed)) },
    batchOf10: { ms: r2(batchMs), perJobMs: r2(batchMs / 10), done },
    measuredThrough: 'module: the saju PdfRunner (claim, lease, render, finish) on a SQLite file in the bench process, pinned to the server core',
    pinning: pin.note,
  }
}

let out
try {
  out = await main()
} catch (e) {
  out = { skipped: `failed: ${e.message}` }
}
await runner?.close().catch(() => undefined)
await handle?.close().catch(() => undefined)
if (dir) rmSync(dir, { recursive: true, force: true })
process.stdout.write(JSON.stringify(out))
process.exit(0)
