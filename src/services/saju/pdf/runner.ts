/**
 * PDF jobs run in the background, one at a time, from the database: `enqueue` wakes the runner,
 * and at start-up `resume` picks up every job left queued or rendering by a previous process,
 * so a restart loses nothing. Files are kept in the job row (base64) for 7 days.
 */
import { createHash } from 'node:crypto'
import type { AppDeps } from '../../../deps.js'
import type { PolicySet } from '../engine/index.js'
import type { SajuReport } from '../engine/index.js'
import * as repo from '../repo.js'
import { renderReportPdf } from './render.js'

export const FILE_TTL_MS = 7 * 86_400_000

export class PdfRunner {
  private running: Promise<void> | null = null
  private again = false
  private closed = false

  constructor(
    private readonly deps: AppDeps,
    _policies: PolicySet,
  ) {}

  /** Process queued jobs now (returns when the queue is empty; tests may await it). */
  kick(): Promise<void> {
    if (this.closed) return Promise.resolve()
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.drain().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Resumes the jobs a previous process left unfinished. */
  resume(): Promise<void> {
    return this.kick()
  }

  async close(): Promise<void> {
    this.closed = true
    await this.running?.catch(() => undefined)
  }

  private async drain(): Promise<void> {
    do {
      this.again = false
      const jobs = await repo.unfinishedPdfJobs(this.deps.db)
      for (const { id } of jobs) {
        if (this.closed) return
        await this.run(id)
      }
    } while (this.again && !this.closed)
  }

  private async run(id: string): Promise<void> {
    const { db, clock, logger } = this.deps
    const job = await repo.pdfJobById(db, id)
    if (!job || (job.status !== 'queued' && job.status !== 'rendering')) return
    const stamp = () =>
      clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
    await repo.updatePdfJob(db, id, { status: 'rendering', progress: 10, updated_at: stamp() })
    try {
      const report = await repo.findReport(db, job.user_id, job.report_id)
      if (!report) throw Object.assign(new Error('report gone'), { code: 'E_NOT_FOUND' })
      const pdf = await renderReportPdf(JSON.parse(report.body_json) as SajuReport, { paper: job.paper, template: job.template, now: clock.now() })
      await repo.updatePdfJob(db, id, {
        status: 'done',
        progress: 100,
        file_b64: pdf.bytes.toString('base64'),
        file_sha256: createHash('sha256').update(pdf.bytes).digest('hex'),
        file_size: pdf.bytes.length,
        file_pages: pdf.pages,
        expires_at: new Date(clock.now().getTime() + FILE_TTL_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        updated_at: stamp(),
      })
    } catch (e) {
      logger.error('saju pdf job failed', { job: id, error: String((e as Error)?.message ?? e) })
      const code = (e as { code?: string }).code === 'E_NOT_FOUND' ? 'E_NOT_FOUND' : 'E_SERVER'
      await repo.updatePdfJob(db, id, {
        status: 'failed',
        progress: 100,
        error_code: code,
        error_message: code === 'E_NOT_FOUND' ? '리포트를 찾을 수 없습니다.' : 'PDF를 만들지 못했습니다.',
        updated_at: stamp(),
      })
    }
  }
}
