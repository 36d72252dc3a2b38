// PDF reports over HTTP: the plan's pdf_report entitlement, a background job that finishes and a
// real document (text extracted with poppler's pdftotext: all four pillars in hanja and hangul;
// pdffonts: every font embedded; page 1 rendered to PNG under test-output/saju/), and queued jobs
// resumed by a new process on the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { createHash, randomUUID } from 'node:crypto'
import { createSajuReport, createPdfJob, getPdfJob, downloadPdfFile } from '../../generated/saju/sdk/index.js'
import { queuedPdfJob } from '../../src/services/saju/repo.js'
import { examples } from '../../generated/saju/examples.gen.js'
import { startSaju, rid, type SajuRig } from './harness.js'

const OUT = join(process.cwd(), 'test-output', 'saju')
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const reportBody = () => {
  const { profile_id: _p, ...b } = structuredClone(Object.values(examples.createSajuReport.request.body as any)[1]) as any
  return b
}

async function reportFor(rig: SajuRig, plan: 'free' | 'plus', body = reportBody()) {
  const u = await rig.user(plan)
  const r = await createSajuReport({ client: u.client, headers: { 'X-Request-Id': rid() }, body })
  return { u, report: r.data! }
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await f()
    if (ok(v)) return v
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('condition never met')
}

let rig: SajuRig
beforeAll(async () => {
  rig = await startSaju()
})
afterAll(() => rig?.stop())

describe('PDF reports', () => {
  it('refuses a plan without pdf_report with 403', async () => {
    const { u, report } = await reportFor(rig, 'free')
    const r = await createPdfJob({ client: u.client, headers: { 'X-Request-Id': rid() }, body: { report_id: report.meta.report_id } })
    expect(r.response.status).toBe(403)
    expect(r.error).toMatchObject({ error_code: 'E_FORBIDDEN' })
  })

  it('renders a real Korean PDF with the four pillars in hanja and hangul and every font embedded', async () => {
    const { u, report } = await reportFor(rig, 'plus')
    const created = await createPdfJob({
      client: u.client,
      headers: { 'X-Request-Id': rid() },
      body: { report_id: report.meta.report_id, template: 'detailed' },
    })
    expect(created.response.status).toBe(201)
    expect(created.data).toMatchObject({ status: 'queued', progress: 0, file: null })
    const job = await until(
      () => getPdfJob({ client: u.client, headers: { 'X-Request-Id': rid() }, path: { job_id: created.data!.job_id } }),
      (r) => r.data?.status === 'done',
    )
    const dl = await downloadPdfFile({
      client: u.client,
      headers: { 'X-Request-Id': rid() },
      path: { job_id: created.data!.job_id },
      parseAs: 'arrayBuffer',
    } as any)
    expect(dl.response.status).toBe(200)
    expect(dl.response.headers.get('content-type')).toBe('application/pdf')
    const bytes = Buffer.from(dl.data as unknown as ArrayBuffer)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(job.data!.file).toMatchObject({
      size_bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      content_type: 'application/pdf',
    })
    mkdirSync(OUT, { recursive: true })
    const file = join(OUT, 'report.pdf')
    writeFileSync(file, bytes)
    if (!hasPoppler) return
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    const p = report.pillars
    for (const pl of [p.year, p.month, p.day, p.hour!]) {
      expect(text).toContain(`${pl.stem}${pl.branch}`)
      expect(text).toContain(`${pl.stem_ko}${pl.branch_ko}`)
    }
    expect(text).toContain('사주 리포트')
    expect(text).toContain((report.analysis as any).gyeokguk.name_ko)
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
    expect(fonts.length).toBeGreaterThan(0)
    for (const line of fonts) expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes') // the "emb" column
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, join(OUT, 'report-page1')])
    expect(existsSync(join(OUT, 'report-page1.png'))).toBe(true)
  })

  it("answers 409 for a download before the job is done and 404 for another user's job", async () => {
    const { u, report } = await reportFor(rig, 'plus')
    const other = await rig.user('plus')
    const jobId = randomUUID()
    await rig.server.deps.db
      .insertInto('saju_pdf_jobs')
      .values({
        id: jobId,
        user_id: u.id,
        report_id: report.meta.report_id,
        template: 'standard',
        paper: 'A4',
        status: 'rendering',
        progress: 10,
        error_code: null,
        error_message: null,
        file_b64: null,
        file_sha256: null,
        file_size: null,
        file_pages: null,
        expires_at: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute()
    expect((await downloadPdfFile({ client: u.client, headers: { 'X-Request-Id': rid() }, path: { job_id: jobId } })).response.status).toBe(409)
    expect((await getPdfJob({ client: other.client, headers: { 'X-Request-Id': rid() }, path: { job_id: jobId } })).response.status).toBe(404)
  })

  it('resumes queued jobs when a new process starts on the same database', async () => {
    const dbFile = join(tmpdir(), `saju-pdf-${randomUUID()}.db`)
    const url = process.env.TEST_DATABASE_URL?.startsWith('postgres') ? undefined : `sqlite:${dbFile}`
    if (!url) return // the PostgreSQL run covers the rest; this one needs a database that outlives a server
    const first = await startSaju({}, undefined, url)
    const { u, report } = await reportFor(first, 'plus')
    const jobId = randomUUID()
    await first.server.deps.db
      .insertInto('saju_pdf_jobs')
      .values(queuedPdfJob({ id: jobId, user_id: u.id, report_id: report.meta.report_id }, '2026-11-24T02:00:00Z'))
      .execute()
    await first.stop()
    const second = await startSaju({}, undefined, url)
    try {
      const job = await until(
        () => getPdfJob({ client: second.client(u.token), headers: { 'X-Request-Id': rid() }, path: { job_id: jobId } }),
        (r) => r.data?.status === 'done',
      )
      expect(job.data!.file!.pages).toBeGreaterThan(0)
    } finally {
      await second.stop()
      rmSync(dbFile, { force: true })
    }
  })
})
