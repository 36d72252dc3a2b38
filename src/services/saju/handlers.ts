/**
 * Saju's operations (generated interface: a missing one does not compile). Expected failures are
 * documented responses built by `problem`; `signatures` is added by decoration (signatures.ts).
 * The caller is `ctx.request.principal.id` (security.ts let only stored, live tokens in).
 */
import { randomUUID } from 'node:crypto'
import type { SajuHandlers } from '../../../generated/saju/handlers.gen.js'
import type * as T from '../../../generated/saju/sdk/types.gen.js'
import type { RequestMeta } from '../../kit/types.js'
import { inTransaction } from '../../db/prepared.js'
import {
  computeReport,
  natalChart,
  AnnualLuckCalculator,
  MonthlyLuckCalculator,
  SajuInputError,
  ANNUAL_TTL_SEC,
  MONTHLY_TTL_SEC,
  type SajuReport,
} from './engine/index.js'
import type { SajuService } from './wiring.js'
import { inputProblem, problem, unsigned } from './problem.js'
import { entitlementsOf, snapshotOf, adsSuggestOf } from './entitlements.js'
import { LuckCache } from './luck-cache.js'
import { PLANS, kstDate, nextKstMidnight, type PlanId } from './plans.js'
import { parseCallbackQuery } from './ssv.js'
import { creditReward, type RewardOutcome } from './rewards.js'
import { cardsOf } from './chat/cards.js'
import { guardInput, guardOutput } from './chat/guard.js'
import { writeAnswer } from './chat/llm.js'
import { signatureOf } from './signatures.js'
import * as repo from './repo.js'
import type { SigningKey } from './signing-key.js'
import type { SajuProfilesTable } from './tables.js'

export interface SajuContext {
  saju: SajuService
  signingKey: SigningKey
  request: RequestMeta
}

const userOf = (ctx: SajuContext) => ctx.request.principal!.id
const isoSec = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

type Birth = Pick<
  T.ReportSajuRequest,
  'birth_dt_local' | 'tz' | 'calendar_type' | 'is_leap_month' | 'zi_hour_mode' | 'unknown_hour' | 'regional_correction_minutes'
>

const birthOfProfile = (p: SajuProfilesTable): Birth & { gender: 'male' | 'female' } => ({
  birth_dt_local: p.birth_dt_local,
  tz: p.tz,
  calendar_type: p.calendar_type,
  is_leap_month: !!p.is_leap_month,
  zi_hour_mode: p.zi_hour_mode,
  unknown_hour: !!p.unknown_hour,
  regional_correction_minutes: p.regional_correction_minutes,
  gender: p.gender,
})

const profileShape = (p: SajuProfilesTable): Omit<T.Profile, 'signatures'> => ({
  profile_id: p.id,
  name: p.name,
  ...birthOfProfile(p),
  calendar_type: p.calendar_type,
  is_leap_month: !!p.is_leap_month,
  zi_hour_mode: p.zi_hour_mode,
  unknown_hour: !!p.unknown_hour,
  regional_correction_minutes: p.regional_correction_minutes,
  relation: p.relation,
  memo: p.memo,
  created_at: p.created_at,
  updated_at: p.updated_at,
})

const profileNotFound = (ctx: SajuContext) => problem<404>(ctx.request, 'E_NOT_FOUND', '프로필을 찾을 수 없습니다.', 'profile_id를 확인하거나 생략하세요.')

/** A request's birth data: the stored profile's when profile_id names one of the caller's (else 404). */
async function resolveSubject<B extends { profile_id?: string }>(ctx: SajuContext, body: B): Promise<{ ok: true; body: B } | { ok: false }> {
  if (!body.profile_id) return { ok: true, body }
  const p = await repo.findProfile(ctx.saju.deps.db, userOf(ctx), body.profile_id)
  if (!p) return { ok: false }
  const { gender, ...birth } = birthOfProfile(p)
  return { ok: true, body: { ...body, ...birth, gender: (body as { gender?: string }).gender ?? gender } }
}

function luckHeaders(body: Record<string, unknown>, ttl: number) {
  return { 'Cache-Control': `private, max-age=${ttl}`, ETag: `"${signatureOf(body)}"` }
}

function rewardResult(ctx: SajuContext, out: RewardOutcome) {
  if (out.kind === 'refused') {
    const headers = out.retryAfterSec ? { 'Retry-After': out.retryAfterSec } : undefined
    return problem<403 | 404 | 409 | 422 | 429>(
      ctx.request,
      out.code as any,
      out.message,
      out.hint,
      out.pointer ? [{ pointer: out.pointer, message: out.message }] : undefined,
      headers,
    )
  }
  return null
}

export const sajuHandlers: SajuHandlers<SajuContext> = {
  async createSajuReport(req, ctx) {
    const { saju } = ctx
    const subject = await resolveSubject(ctx, req.body)
    if (!subject.ok) return profileNotFound(ctx)
    const now = saju.now()
    let report: SajuReport
    try {
      report = computeReport(subject.body, { policies: saju.policies, now })
    } catch (e) {
      if (e instanceof SajuInputError) return inputProblem(ctx.request, e) as any
      throw e
    }
    await repo.insertReport(saju.deps.db, {
      id: report.meta.report_id,
      user_id: userOf(ctx),
      profile_id: req.body.profile_id ?? null,
      body_json: JSON.stringify(report),
      created_at: now.toISOString(),
    })
    const ent = await entitlementsOf(saju.deps.db, userOf(ctx), saju.reward, now)
    const ads = adsSuggestOf(ent)
    return { status: 200, body: unsigned<T.ReportSajuResponseSummary>({ ...report, entitlements: snapshotOf(ent), ...(ads ? { ads_suggest: ads } : {}) }) }
  },

  async getAnnualLuck(req, ctx) {
    const { saju } = ctx
    const subject = await resolveSubject(ctx, req.body)
    if (!subject.ok) return profileNotFound(ctx)
    const now = saju.now()
    const key = LuckCache.keyOf('annual', subject.body)
    let body = saju.luckCache.get(key, now.getTime())
    if (!body) {
      try {
        body = new AnnualLuckCalculator(saju.policies).report(subject.body, now) as unknown as Record<string, unknown>
      } catch (e) {
        if (e instanceof SajuInputError) return inputProblem(ctx.request, e) as any
        throw e
      }
      saju.luckCache.set(key, body, ANNUAL_TTL_SEC * 1000, now.getTime())
    }
    return { status: 200, body: body as unknown as T.LuckAnnual, headers: luckHeaders(body, ANNUAL_TTL_SEC) }
  },

  async getMonthlyLuck(req, ctx) {
    const { saju } = ctx
    const subject = await resolveSubject(ctx, req.body)
    if (!subject.ok) return profileNotFound(ctx)
    const now = saju.now()
    const key = LuckCache.keyOf('monthly', subject.body)
    let body = saju.luckCache.get(key, now.getTime())
    if (!body) {
      try {
        body = new MonthlyLuckCalculator(saju.policies).report(subject.body, now) as unknown as Record<string, unknown>
      } catch (e) {
        if (e instanceof SajuInputError) return inputProblem(ctx.request, e) as any
        throw e
      }
      saju.luckCache.set(key, body, MONTHLY_TTL_SEC * 1000, now.getTime())
    }
    return { status: 200, body: body as unknown as T.LuckMonthly, headers: luckHeaders(body, MONTHLY_TTL_SEC) }
  },

  async getEntitlements(_req, ctx) {
    const ent = await entitlementsOf(ctx.saju.deps.db, userOf(ctx), ctx.saju.reward, ctx.saju.now())
    return { status: 200, body: unsigned<T.Entitlements>(ent), headers: { 'Cache-Control': 'no-store' } }
  },

  async consumeTokens(req, ctx) {
    const { saju } = ctx
    const now = saju.now()
    const consumeId = randomUUID()
    const change = await inTransaction(saju.deps.db, (trx) => repo.spend(trx, userOf(ctx), req.body.amount, 'consume', consumeId, now))
    if (!change) {
      const user = await repo.findUser(saju.deps.db, userOf(ctx))
      return problem<409>(ctx.request, 'E_CONFLICT', '딥 토큰이 부족합니다.', '광고를 보고 토큰을 받거나 토큰을 구매하세요.', [
        { pointer: '/amount', message: `잔액 ${user?.deep_tokens ?? 0}, 요청 ${req.body.amount}` },
      ])
    }
    return {
      status: 200,
      body: unsigned<T.TokensConsumeResponse>({
        consume_id: consumeId,
        amount: req.body.amount,
        feature: req.body.feature,
        balance_before: change.balance_before,
        balance_after: change.balance_after,
        consumed_at: isoSec(now),
      }),
    }
  },

  async rewardTokens(req, ctx) {
    const { saju } = ctx
    const headerKey = req.headers['Idempotency-Key']
    if (headerKey !== undefined && headerKey !== req.body.idempotency_key) {
      return problem<400>(ctx.request, 'E_BAD_REQUEST', '요청 형식이 올바르지 않습니다.', '헤더를 생략하거나 본문과 같은 값을 보내세요.', [
        { pointer: '/idempotency_key', message: '본문 idempotency_key가 Idempotency-Key 헤더와 다릅니다.' },
      ])
    }
    if (req.body.network !== 'admob') {
      return problem<422>(ctx.request, 'E_UNPROCESSABLE', '지원하지 않는 광고 네트워크입니다.', '현재는 admob만 지원합니다.', [
        { pointer: '/network', message: 'admob만 검증할 수 있습니다.' },
      ])
    }
    const r = req.body.receipt
    const parsed = parseCallbackQuery(`${r.signed_payload}&signature=${r.signature}&key_id=${encodeURIComponent(r.key_id)}`)
    if (!parsed.ok)
      return problem<422>(ctx.request, 'E_UNPROCESSABLE', '광고 영수증 서명을 확인할 수 없습니다.', 'SDK가 전달한 값을 수정 없이 보내세요.', [
        { pointer: '/receipt/signed_payload', message: parsed.reason },
      ])
    // the structured fields must say what was signed
    const signed = parsed.callback.params
    const mismatch =
      (
        [
          ['transaction_id', r.transaction_id],
          ['user_id', r.user_id],
          ['reward_amount', String(r.reward_amount)],
        ] as const
      ).find(([k, v]) => signed.get(k) !== v) ??
      (signed.get('ad_unit') && !r.ad_unit_id.endsWith(`/${signed.get('ad_unit')}`) && r.ad_unit_id !== signed.get('ad_unit')
        ? (['ad_unit_id', r.ad_unit_id] as const)
        : undefined) ??
      (Number(signed.get('timestamp')) !== Date.parse(r.issued_at) ? (['issued_at', r.issued_at] as const) : undefined)
    if (mismatch)
      return problem<422>(ctx.request, 'E_UNPROCESSABLE', '영수증 필드가 서명된 내용과 다릅니다.', 'SDK가 전달한 값을 수정 없이 보내세요.', [
        { pointer: `/receipt/${mismatch[0]}`, message: '서명된 값과 다릅니다.' },
      ])
    const out = await creditReward(
      saju.deps.db,
      saju.ssvKeys,
      saju.reward,
      { network: 'admob', callback: parsed.callback, caller: userOf(ctx), idempotencyKey: req.body.idempotency_key },
      saju.now(),
    )
    const refused = rewardResult(ctx, out)
    if (refused) return refused as any
    const { user_id: _u, ...answer } = (out as Extract<RewardOutcome, { answer: unknown }>).answer
    return { status: 200, body: unsigned<T.TokensRewardResponse>(answer) }
  },

  async sendChatMessage(req, ctx) {
    const { saju } = ctx
    const { db } = saju.deps
    const userId = userOf(ctx)
    const now = saju.now()
    const blocked = guardInput(req.body.message)
    if (blocked)
      return problem<422>(ctx.request, 'E_UNPROCESSABLE', '이 질문에는 답할 수 없습니다.', '건강·수명 예측이나 개인정보가 담긴 질문은 받지 않습니다.', [
        { pointer: '/message', message: blocked },
      ])
    if (req.body.session_id && !(await repo.findSession(db, userId, req.body.session_id))) {
      return problem<404>(ctx.request, 'E_NOT_FOUND', '대화 세션을 찾을 수 없습니다.', 'session_id를 생략하면 새 세션이 시작됩니다.')
    }
    // the chart the answer rests on: the named report, the named profile, else the latest report
    let report: SajuReport | null = null
    let names: string[] = []
    if (req.body.report_id) {
      const row = await repo.findReport(db, userId, req.body.report_id)
      if (!row) return problem<404>(ctx.request, 'E_NOT_FOUND', '리포트를 찾을 수 없습니다.', 'POST /api/v1/report/saju 응답의 meta.report_id를 사용하세요.')
      report = JSON.parse(row.body_json)
    } else if (req.body.profile_id) {
      const p = await repo.findProfile(db, userId, req.body.profile_id)
      if (!p) return profileNotFound(ctx)
      report = computeReport({ ...birthOfProfile(p), profile_id: p.id }, { policies: saju.policies, now })
    } else {
      const row = await db
        .selectFrom('saju_reports')
        .select('body_json')
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (row) report = JSON.parse(row.body_json)
    }
    if (!report)
      return problem<404>(
        ctx.request,
        'E_NOT_FOUND',
        '대화에 쓸 리포트가 없습니다.',
        '먼저 POST /api/v1/report/saju로 리포트를 만들거나 profile_id를 보내세요.',
      )
    const profiles = await repo.listProfiles(db, userId)
    names = profiles.map((p) => p.name)

    const depth = req.body.depth ?? 'light'
    const user = (await repo.findUser(db, userId))!
    const rules = PLANS[user.plan as PlanId]
    const messageId = randomUUID()
    if (depth === 'deep' && !rules.features.deep_chat)
      return problem<409>(ctx.request, 'E_CONFLICT', '현재 플랜에서는 딥 채팅을 쓸 수 없습니다.', '플랜을 확인하세요.')
    const charged = await inTransaction(db, async (trx) => {
      if (depth === 'light') return (await repo.takeLight(trx, userId, kstDate(now), rules.light_daily_limit)) ? 'ok' : 'light_exhausted'
      return (await repo.spend(trx, userId, 1, 'chat', messageId, now)) ? 'ok' : 'no_tokens'
    })
    if (charged === 'light_exhausted') {
      const wait = Math.max(1, Math.ceil((nextKstMidnight(now).getTime() - now.getTime()) / 1000))
      return problem<429>(
        ctx.request,
        'E_RATE_LIMIT',
        '오늘의 라이트 질문을 모두 사용했습니다.',
        '자정(KST) 이후 다시 시도하거나 딥 질문(토큰 1개)을 이용하세요.',
        undefined,
        { 'Retry-After': wait },
      )
    }
    if (charged === 'no_tokens')
      return problem<409>(ctx.request, 'E_CONFLICT', '딥 토큰이 부족합니다.', '광고를 보고 토큰을 받거나 토큰을 구매하세요.', [
        { pointer: '/depth', message: '딥 토큰 잔액 0' },
      ])

    const sessionId = req.body.session_id ?? randomUUID()
    if (!req.body.session_id) await repo.insertSession(db, { id: sessionId, user_id: userId, created_at: now.toISOString() })
    const input = report.meta.input as any
    const annual = depth === 'deep' ? new AnnualLuckCalculator(saju.policies).report({ ...input, year: Number(kstDate(now).slice(0, 4)), span: 1 }, now) : null
    const cards = cardsOf(report, annual, depth)
    const written = await writeAnswer(saju.llm, { question: req.body.message, cards, depth })
    const fallbackText = (await import('./chat/cards.js')).embeddedText(cards, req.body.message)
    const guarded = guardOutput(written.text, names, fallbackText)
    const flags = written.fallback ? [...guarded.flags, 'provider_fallback'] : guarded.flags
    const ent = await entitlementsOf(db, userId, saju.reward, now)
    const low = ent.deep_tokens < 2
    const options: T.UpsellOption[] = []
    if (!ent.features.ads_free && ent.rewarded_ads.next_eligible_at === null)
      options.push({ kind: 'watch_ad', label: `광고 보고 토큰 ${ent.rewarded_ads.reward_tokens}개 받기`, tokens: ent.rewarded_ads.reward_tokens })
    options.push({ kind: 'buy_tokens', label: '토큰 10개 구매', tokens: 10, price_krw: 3900 })
    if (ent.plan !== 'premium')
      options.push({ kind: 'subscribe', label: ent.plan === 'free' ? '플러스 구독(월)' : '프리미엄 구독(월)', price_krw: ent.plan === 'free' ? 9900 : 19900 })
    const reason = ent.light_daily_left === 0 ? 'light_exhausted' : low ? 'low_deep_tokens' : null
    const next: T.NextCta[] = [
      { action: 'ask_followup', label: '더 물어보기', prompt: '올해 조심할 점을 더 알려 주세요.' },
      { action: 'open_luck_monthly', label: '이번 달 월운 보기' },
      { action: 'open_luck_annual', label: `${Number(kstDate(now).slice(0, 4)) + 1}년 세운 미리 보기` },
      ent.features.pdf_report ? { action: 'export_pdf', label: '리포트 PDF로 저장' } : { action: 'subscribe', label: 'PDF 리포트는 플러스부터' },
    ]
    return {
      status: 200,
      body: unsigned<T.ChatResponseSummary>({
        session_id: sessionId,
        message_id: messageId,
        created_at: isoSec(now),
        cards,
        llm_text: guarded.text,
        consumed: { tokens: depth === 'deep' ? 1 : 0, depth },
        upsell: { show: reason !== null, reason, options: reason !== null ? options : [] },
        next_cta: next,
        guard: { passed: guarded.passed, flags },
        balance: snapshotOf(ent),
      }),
    }
  },

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
    const row = {
      id,
      user_id: userId,
      report_id: req.body.report_id,
      template: req.body.template ?? 'standard',
      paper: req.body.paper ?? 'A4',
      status: 'queued' as const,
      progress: 0,
      error_code: null,
      error_message: null,
      file_b64: null,
      file_sha256: null,
      file_size: null,
      file_pages: null,
      expires_at: null,
      created_at: isoSec(now),
      updated_at: isoSec(now),
    }
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

  async createProfile(req, ctx) {
    const { saju } = ctx
    const userId = userOf(ctx)
    const now = saju.now()
    const b = req.body
    try {
      natalChart({ ...b }, saju.policies)
    } catch (e) {
      if (e instanceof SajuInputError) return inputProblem(ctx.request, e) as any
      throw e
    }
    const user = (await repo.findUser(saju.deps.db, userId))!
    const limit = PLANS[user.plan as PlanId].storage_limit
    const row = repo.profileRow(randomUUID(), userId, b, isoSec(now))
    const stored = await inTransaction(saju.deps.db, async (trx) => {
      if ((await repo.countProfiles(trx, userId)) >= limit) return false
      await repo.insertProfile(trx, row)
      return true
    })
    if (!stored)
      return problem<409>(ctx.request, 'E_CONFLICT', `프로필 저장 한도(${limit}개)에 도달했습니다.`, '기존 프로필을 삭제하거나 플랜을 업그레이드하세요.', [
        { pointer: '/name', message: `storage_limit ${limit}` },
      ])
    return { status: 201, body: unsigned<T.Profile>(profileShape(row)) }
  },

  getSigningKeys(_req, ctx) {
    return { status: 200, body: unsigned<T.SigningKeys>({ keys: [ctx.signingKey.jwk] }), headers: { 'Cache-Control': 'public, max-age=3600' } }
  },

  async listProfiles(_req, ctx) {
    const { saju } = ctx
    const userId = userOf(ctx)
    const rows = await repo.listProfiles(saju.deps.db, userId)
    const user = (await repo.findUser(saju.deps.db, userId))!
    return {
      status: 200,
      body: unsigned<T.ProfileList>({ items: rows.map(profileShape), storage_limit: PLANS[user.plan as PlanId].storage_limit, stored: rows.length }),
    }
  },

  async deleteProfile(req, ctx) {
    const { db } = ctx.saju.deps
    const userId = userOf(ctx)
    if (!(await repo.deleteProfile(db, userId, req.path.profile_id))) return profileNotFound(ctx)
    const user = (await repo.findUser(db, userId))!
    return {
      status: 200,
      body: unsigned<T.ProfileDeleted>({
        profile_id: req.path.profile_id,
        deleted: true,
        stored: await repo.countProfiles(db, userId),
        storage_limit: PLANS[user.plan as PlanId].storage_limit,
      }),
    }
  },

  async receiveAdmobSsv(req, ctx) {
    const { saju } = ctx
    // the signature covers the query's own text: parsed parameters could not give it back
    const parsed = parseCallbackQuery(ctx.request.rawQuery)
    if (!parsed.ok)
      return problem<422>(ctx.request, 'E_UNPROCESSABLE', '광고 영수증 서명을 확인할 수 없습니다.', 'AdMob이 보낸 쿼리를 수정하지 마세요.', [
        { pointer: '/query/signature', message: parsed.reason },
      ])
    const out = await creditReward(
      saju.deps.db,
      saju.ssvKeys,
      saju.reward,
      { network: 'admob', callback: parsed.callback, caller: null, idempotencyKey: null },
      saju.now(),
    )
    const refused = rewardResult(ctx, out)
    if (refused) return refused as any
    const { answer, kind } = out as Extract<RewardOutcome, { answer: unknown }>
    return {
      status: 200,
      body: unsigned<T.AdmobSsvResult>({
        status: kind === 'credited' ? 'credited' : 'already_credited',
        transaction_id: answer.transaction_id,
        user_id: answer.user_id,
        granted: answer.granted,
        balance: answer.balance,
        credited_at: answer.credited_at,
      }),
    }
  },

  async getProfile(req, ctx) {
    const p = await repo.findProfile(ctx.saju.deps.db, userOf(ctx), req.path.profile_id)
    if (!p) return profileNotFound(ctx)
    return { status: 200, body: unsigned<T.Profile>(profileShape(p)) }
  },
}

const expired = (job: { expires_at: string | null }, now: Date) => job.expires_at !== null && Date.parse(job.expires_at) <= now.getTime()
const pdfNotFound = (ctx: SajuContext) =>
  problem<404>(ctx.request, 'E_NOT_FOUND', 'PDF 작업을 찾을 수 없거나 만료되었습니다.', 'POST /api/v1/report/pdf로 다시 생성하세요.')

function pdfJobShape(j: import('./tables.js').SajuPdfJobsTable): Omit<T.PdfJob, 'signatures'> {
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
