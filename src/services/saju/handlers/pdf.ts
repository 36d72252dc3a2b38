/**
 * PDF reports: a job queued for the background runner (pdf/runner.ts), its status, and the file
 * once done; the plan's pdf_report entitlement decides whether a job is accepted.
 */
import type { SajuHandlers } from '../../../../generated/saju/handlers.gen.js'
import type * as T from '../../../../generated/saju/sdk/types.gen.js'
import { randomUUID } from 'node:crypto'
import { problem, unsigned } from '../problem.js'
import { entitlementsOf } from '../entitlements.js'
import type { SajuPdfJobsTable } from '../tables.js'
import * as repo from '../repo.js'
import { isoSec, userOf, type SajuContext } from './context.js'

export const pdfHandlers: Pick<SajuHandlers<SajuContext>, 'createPdfJob' | 'getPdfJob' | 'downloadPdfFile'> = {
  async createPdfJob(req, ctx) {
    const { saju } = ctx
    const userId = userOf(ctx)
    const now = saju.now()
    const ent = await entitlementsOf(saju.deps.db, userId, saju.reward, now)
    if (!ent.features.pdf_report)
      return problem<403>(ctx.request, 'E_FORBIDDEN', '현재 플랜에서는 PDF 리포트를 만들 수 없습니다.', '플러스 이상 플랜으로 업그레이드하세요.')
    if (!(await repo.findReport(saju.deps.db, userId, req.body.report_id))) {
      return problem<404>(ctx.request, 'E_NOT_FOUND', '리포트를 찾을 수 없습니다.', 'POST /api/v1/report/saju 응답의 meta.report_id를 사용하세요.')
    }
    const id = randomUUID()
    const row = repo.queuedPdfJob({ id, user_id: userId, report_id: req.body.report_id, template: req.body.template, paper: req.body.paper }, isoSec(now))
    await repo.insertPdfJob(saju.deps.db, row)
    void saju.pdf.kick()
    return { status: 201, body: unsigned<T.PdfJob>(pdfJobShape(row)) }
  },

  async getPdfJob(req, ctx) {
    const job = await repo.findPdfJob(ctx.saju.deps.db, userOf(ctx), req.path.job_id)
    if (!job || expired(job, ctx.saju.now())) return pdfNotFound(ctx)
    // a job queued while no runner was awake (e.g. by the seed after start-up) starts on its first poll
    if (job.status === 'queued') void ctx.saju.pdf.kick()
    return { status: 200, body: unsigned<T.PdfJob>(pdfJobShape(job)) }
  },

  async downloadPdfFile(req, ctx) {
    const job = await repo.findPdfJob(ctx.saju.deps.db, userOf(ctx), req.path.job_id)
    if (!job || expired(job, ctx.saju.now())) return pdfNotFound(ctx)
    if (job.status !== 'done' || !job.file_b64)
      return problem<409>(ctx.request, 'E_CONFLICT', 'PDF가 아직 준비되지 않았습니다.', 'GET /api/v1/report/pdf/{job_id}로 status=done을 확인한 뒤 받으세요.')
    const bytes = Buffer.from(job.file_b64, 'base64')
    return { status: 200, body: new Uint8Array(bytes), headers: { 'Content-Disposition': `attachment; filename="saju-report-${job.report_id}.pdf"` } }
  },
}

const expired = (job: { expires_at: string | null }, now: Date) => job.expires_at !== null && Date.parse(job.expires_at) <= now.getTime()
const pdfNotFound = (ctx: SajuContext) =>
  problem<404>(ctx.request, 'E_NOT_FOUND', 'PDF 작업을 찾을 수 없거나 만료되었습니다.', 'POST /api/v1/report/pdf로 다시 생성하세요.')

function pdfJobShape(j: SajuPdfJobsTable): Omit<T.PdfJob, 'signatures'> {
  return {
    job_id: j.id,
    report_id: j.report_id,
    status: j.status,
    template: j.template,
    paper: j.paper,
    progress: j.progress,
    poll_after_sec: j.status === 'queued' || j.status === 'rendering' ? 2 : null,
    file:
      j.status === 'done' && j.file_sha256
        ? {
            download_path: `/api/v1/report/pdf/${j.id}/file`,
            content_type: 'application/pdf',
            size_bytes: j.file_size!,
            pages: j.file_pages!,
            sha256: j.file_sha256,
            expires_at: j.expires_at!,
          }
        : null,
    error: j.status === 'failed' ? { error_code: (j.error_code ?? 'E_SERVER') as T.ErrorCode, message: j.error_message ?? 'PDF를 만들지 못했습니다.' } : null,
    created_at: j.created_at,
    updated_at: j.updated_at,
  }
}
