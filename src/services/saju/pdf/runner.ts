/**
 * PDF jobs run in the background, one at a time per process, from the database. `enqueue` wakes
 * the runner; every process also looks for work now and then, so a job queued by a process that
 * died before rendering it, or left rendering by one that died mid-way (its lease ran out), is
 * taken over; a restart therefore loses nothing. With several processes on one database each job
 * is rendered by one process at a time: claims and leases are in pdf/jobs.ts. Files are kept in
 * the job row (base64) for 7 days.
 */
import { createHash } from 'node:crypto'
import type { AppDeps } from '../../../deps.js'
import type { PolicySet } from '../engine/index.js'
import type { SajuReport } from '../engine/index.js'
import * as repo from '../repo.js'
import { claimablePdfJobs, claimPdfJob, finishPdfJob, renewPdfJob } from './jobs.js'
import { renderReportPdf } from './render.js'

export const FILE_TTL_MS = 7 * 86_400_000

const isoSec = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

export class PdfRunner {
  private running: Promise<void> | null = null
  private again = false
  private closed = false
  private readonly leaseMs: number
  private poll: NodeJS.Timeout | null = null

  constructor(
    private readonly deps: AppDeps,
    _policies: PolicySet,
  ) {
    this.leaseMs = deps.config.sajuPdfLeaseSec * 1000
  }

  /** Process claimable jobs now (returns when there are none left; tests may await it). */
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

  /** Takes up the jobs a previous process left unfinished, then keeps looking every half lease. */
  resume(): Promise<void> {
    if (!this.poll && !this.closed) {
      this.poll = setInterval(() => void this.kick().catch((e) => this.failed('poll', e)), this.leaseMs / 2)
      this.poll.unref()
    }
    return this.kick()
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.poll) clearInterval(this.poll)
    await this.running?.catch(() => undefined)
  }

  private failed(what: string, e: unknown) {
    this.deps.logger.error(`saju pdf ${what} failed`, { error: String((e as Error)?.message ?? e) })
  }

  private staleBefore = () => isoSec(new Date(this.deps.clock.now().getTime() - this.leaseMs))

  private async drain(): Promise<void> {
    do {
      this.again = false
      const jobs = await claimablePdfJobs(this.deps.db, this.staleBefore())
      for (const { id } of jobs) {
        if (this.closed) return
        await this.run(id)
      }
    } while (this.again && !this.closed)
  }

  private async run(id: string): Promise<void> {
    const { db, clock, logger } = this.deps
    let held = isoSec(clock.now())
    if (!(await claimPdfJob(db, id, held, this.staleBefore()))) return // another process has it
    // Renew the lease while rendering, so no other process takes a job this one is working on.
    let renewing: Promise<void> = Promise.resolve()
    const renewal = setInterval(() => {
      const next = isoSec(clock.now())
      if (next === held) return
      renewing = renewPdfJob(db, id, held, next).then(
        (ok) => {
          if (ok) held = next
        },
        (e) => this.failed('lease renewal', e),
      )
    }, this.leaseMs / 3)
    try {
      const job = await repo.pdfJobById(db, id)
      if (!job) return
      let outcome: Partial<import('../tables.js').SajuPdfJobsTable>
      try {
        const report = await repo.findReport(db, job.user_id, job.report_id)
        if (!report) throw Object.assign(new Error('report gone'), { code: 'E_NOT_FOUND' })
        const pdf = await renderReportPdf(JSON.parse(report.body_json) as SajuReport, { paper: job.paper, template: job.template, now: clock.now() })
        outcome = {
          status: 'done',
          progress: 100,
          file_b64: pdf.bytes.toString('base64'),
          file_sha256: createHash('sha256').update(pdf.bytes).digest('hex'),
          file_size: pdf.bytes.length,
          file_pages: pdf.pages,
          expires_at: isoSec(new Date(clock.now().getTime() + FILE_TTL_MS)),
        }
      } catch (e) {
        logger.error('saju pdf job failed', { job: id, error: String((e as Error)?.message ?? e) })
        const code = (e as { code?: string }).code === 'E_NOT_FOUND' ? 'E_NOT_FOUND' : 'E_SERVER'
        outcome = {
          status: 'failed',
          progress: 100,
          error_code: code,
          error_message: code === 'E_NOT_FOUND' ? '리포트를 찾을 수 없습니다.' : 'PDF를 만들지 못했습니다.',
        }
      }
      clearInterval(renewal)
      await renewing // the lease this process holds now
      if (await finishPdfJob(db, id, held, { ...outcome, updated_at: isoSec(clock.now()) })) {
        logger.info('saju pdf job finished', { job: id, status: outcome.status })
      } else {
        logger.warn('saju pdf job was taken over by another process; its answer stands', { job: id })
      }
    } finally {
      clearInterval(renewal)
    }
  }
}
