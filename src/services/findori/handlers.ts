/**
 * Findori's operations (generated interface: a missing one does not compile). The public side
 * reads only published snapshots; the admin side the working copy. Expected failures are
 * documented responses built by `fail`.
 */
import { randomUUID } from 'node:crypto'
import type { FindoriHandlers } from '../../../generated/findori/handlers.gen.js'
import type { RequestMeta } from '../../kit/types.js'
import { cardProblems } from './cards.js'
import { isCalendarDate } from './dates.js'
import { ogEtag } from './og/og-cache.js'
import { sameOriginRequest } from './origin-check.js'
import { verifyPassword } from './password.js'
import * as repo from './repo.js'
import type { FindoriService } from './wiring.js'
import { clearedSessionCookie, issueSession, pruneSessions, revokeSession, sessionCookie } from './session.js'
import { adminIssueShape, fail, feedIssueShape, issueDetailShape, logShape, sourceShape } from './shapes.js'

export interface FindoriContext {
  findori: FindoriService
  request: RequestMeta
}

const badDate = () =>
  fail(400, 'invalid_date', '날짜는 YYYY-MM-DD 형식의 실제 날짜여야 합니다.', [{ pointer: '/path/date', message: '올바른 날짜가 아닙니다.' }])
const feedNotFound = () => fail(404, 'feed_not_found', '해당 날짜의 피드가 없습니다.')
const issueNotFound = () => fail(404, 'issue_not_found', '이슈를 찾을 수 없습니다.')
const crossOrigin = () => fail(403, 'forbidden_origin', '다른 출처에서 온 요청은 허용되지 않습니다.')
const running = () => fail(409, 'pipeline_running', '파이프라인이 이미 실행 중입니다.')

const env = (ctx: FindoriContext) => ctx.findori.deps
const nowIso = (ctx: FindoriContext) => env(ctx).clock.now().toISOString()
const sameOrigin = (ctx: FindoriContext, headers: { Origin?: string; 'Sec-Fetch-Site'?: string }) =>
  sameOriginRequest(headers, env(ctx).config.findori.adminOrigins)

// OG images of published issues change only at a publish: let CDNs keep them a day, browsers an hour.
const OG_CACHE_CONTROL = 'public, max-age=3600, s-maxage=86400'

export const findoriHandlers: FindoriHandlers<FindoriContext> = {
  // ---------- public ----------

  async getLatestFeed(_req, ctx) {
    const date = await repo.latestPublishedDate(env(ctx).db)
    return date ? { status: 200, body: { date } } : fail(404, 'no_published_feed', '발행된 피드가 없습니다.')
  },

  async getFeedByDate({ path }, ctx) {
    if (!isCalendarDate(path.date)) return badDate()
    const found = await repo.publishedFeed(env(ctx).db, path.date)
    if (!found) return feedNotFound()
    return { status: 200, body: { date: path.date, status: 'published', issues: found.issues.map(feedIssueShape) } }
  },

  async getIssue({ path }, ctx) {
    const row = await repo.publishedIssue(env(ctx).db, path.id)
    return row ? { status: 200, body: issueDetailShape(row) } : issueNotFound()
  },

  async getIssueOgImage({ path, headers }, ctx) {
    const row = await repo.publishedIssue(env(ctx).db, path.id)
    if (!row) return issueNotFound()
    const detail = issueDetailShape(row)
    const cover = detail.cards_data.find((c) => c.type === 'cover') ?? detail.cards_data[0]
    const input = { cover, entityName: detail.entity_name, changeValue: detail.change_value }
    const etag = ogEtag(input)
    const cacheHeaders = { 'Cache-Control': OG_CACHE_CONTROL, ETag: etag }
    const asked = headers['If-None-Match']
    if (asked && (asked.trim() === '*' || asked.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)))
      return { status: 304, body: undefined, headers: cacheHeaders }
    return { status: 200, body: await ctx.findori.og.get(etag, input), headers: cacheHeaders }
  },

  // ---------- auth ----------

  async adminLogin({ body, headers }, ctx) {
    if (!sameOrigin(ctx, headers)) return crossOrigin()
    const { throttle } = ctx.findori
    const client = ctx.request.clientAddress
    const now = env(ctx).clock.now()
    const wait = await throttle.retryAfterSec(client, now)
    if (wait)
      return {
        status: 429,
        body: { error: 'too_many_attempts', message: `로그인 시도가 너무 많습니다. ${Math.ceil(wait / 60)}분 후 다시 시도하세요.` },
        headers: { 'Retry-After': wait } as Record<string, number>,
      }
    if (!(await verifyPassword(await ctx.findori.passwordHash(), body.password))) {
      await throttle.failed(client, now)
      return fail(401, 'invalid_password', '비밀번호가 올바르지 않습니다.')
    }
    await throttle.succeeded(client)
    await pruneSessions(env(ctx).db, now)
    const id = await issueSession(env(ctx), now)
    return { status: 200, body: { ok: true }, headers: { 'Set-Cookie': sessionCookie(id) } }
  },

  async adminLogout({ headers }, ctx) {
    if (!sameOrigin(ctx, headers)) return crossOrigin()
    const idHash = ctx.request.principal?.sessionIdHash
    if (typeof idHash === 'string') await revokeSession(env(ctx).db, idHash, env(ctx).clock.now())
    return { status: 200, body: { ok: true }, headers: { 'Set-Cookie': clearedSessionCookie() } }
  },

  getAdminSession(_req, ctx) {
    return { status: 200, body: { ok: true, expires_at: String(ctx.request.principal?.expiresAt) } }
  },

  // ---------- feeds ----------

  async listAdminFeeds({ query }, ctx) {
    const rows = await repo.listFeeds(env(ctx).db, query.limit, query.offset)
    return {
      status: 200,
      body: { feeds: rows.map((r) => ({ date: r.date, status: r.status, issue_count: Number(r.issue_count), published_at: r.published_at })) },
    }
  },

  async getAdminFeed({ path }, ctx) {
    if (!isCalendarDate(path.date)) return badDate()
    const feed = await repo.getFeed(env(ctx).db, path.date)
    if (!feed) return feedNotFound()
    const issues = await repo.issuesOfFeed(env(ctx).db, path.date)
    return { status: 200, body: { date: feed.date, status: feed.status, issues: issues.map(adminIssueShape) } }
  },

  async publishFeed({ path, headers }, ctx) {
    if (!sameOrigin(ctx, headers)) return crossOrigin()
    if (!isCalendarDate(path.date)) return badDate()
    if (!(await repo.getFeed(env(ctx).db, path.date))) return feedNotFound()
    const done = await repo.publish(env(ctx).db, path.date, nowIso(ctx))
    if (!done) return fail(422, 'no_approved_issues', '승인된 이슈가 없어 발행할 수 없습니다.')
    return { status: 200, body: { ok: true, published_at: done.publishedAt } }
  },

  // ---------- issues ----------

  async updateIssueStatus({ path, body, headers }, ctx) {
    if (!sameOrigin(ctx, headers)) return crossOrigin()
    const ok = await repo.setIssueStatus(env(ctx).db, path.id, body.status, nowIso(ctx))
    return ok ? { status: 200, body: { ok: true } } : issueNotFound()
  },

  async updateIssue({ path, body, headers }, ctx) {
    if (!sameOrigin(ctx, headers)) return crossOrigin()
    const problems = cardProblems(body.cards_data)
    if (problems.length) return fail(400, 'invalid_request', '요청 형식이 올바르지 않습니다.', problems)
    const ok = await repo.editIssue(
      env(ctx).db,
      path.id,
      { title: body.title, change_value: body.change_value, position: body.order, cards_json: JSON.stringify(body.cards_data) },
      nowIso(ctx),
    )
    return ok ? { status: 200, body: { ok: true } } : issueNotFound()
  },

  // ---------- sources ----------

  async listSources(_req, ctx) {
    return { status: 200, body: { sources: (await repo.listSources(env(ctx).db)).map(sourceShape) } }
  },

  async createSource({ body, headers }, ctx) {
    if (!sameOrigin(ctx, headers)) return crossOrigin()
    const { db } = env(ctx)
    const duplicate = () => fail(409, 'duplicate_rss_url', '이미 등록된 RSS 주소입니다.')
    if (await repo.sourceByUrl(db, body.rss_url)) return duplicate()
    const row = { id: randomUUID(), name: body.name, rss_url: body.rss_url, created_at: nowIso(ctx) }
    try {
      await repo.insertSource(db, row)
    } catch (e) {
      // Two concurrent adds of one URL: the unique index decides.
      if (await repo.sourceByUrl(db, body.rss_url)) return duplicate()
      throw e
    }
    return { status: 201, body: sourceShape({ ...row, active: 1 }) }
  },

  async updateSource({ path, body, headers }, ctx) {
    if (!sameOrigin(ctx, headers)) return crossOrigin()
    const ok = await repo.setSourceActive(env(ctx).db, path.id, body.active)
    return ok ? { status: 200, body: { ok: true } } : fail(404, 'source_not_found', '매체를 찾을 수 없습니다.')
  },

  // ---------- pipeline ----------

  async runPipeline({ headers }, ctx) {
    if (!sameOrigin(ctx, headers)) return crossOrigin()
    const jobId = await ctx.findori.pipeline.start('manual')
    return jobId ? { status: 202, body: { ok: true, job_id: jobId } } : running()
  },

  async listPipelineLogs({ query }, ctx) {
    return { status: 200, body: { logs: (await repo.listLogs(env(ctx).db, query.limit, query.offset)).map(logShape) } }
  },

  async getPipelineLog({ path }, ctx) {
    const row = await repo.getLog(env(ctx).db, path.id)
    return row ? { status: 200, body: logShape(row) } : fail(404, 'pipeline_log_not_found', '파이프라인 실행 로그를 찾을 수 없습니다.')
  },

  async runCronPipeline(_req, ctx) {
    const outcome = await ctx.findori.pipeline.run('cron')
    if (!outcome) return running()
    if (outcome.status === 'failed') {
      const reason = outcome.errors.at(-1)?.message ?? '알 수 없는 오류'
      return fail(500, 'pipeline_failed', `파이프라인 실행에 실패했습니다: ${reason}`)
    }
    return { status: 200, body: { ok: true, issues_created: outcome.issuesCreated, duration_ms: outcome.durationMs } }
  },
}
