/**
 * Chat: an answer from the caller's chart (a named report, a named profile, else the latest
 * report), written by the LLM provider and passed through LLMGuard; light depth spends the daily
 * allowance, deep depth a deep token.
 */
import type { SajuHandlers } from '../../../../generated/saju/handlers.gen.js'
import type * as T from '../../../../generated/saju/sdk/types.gen.js'
import { randomUUID } from 'node:crypto'
import { inTransaction } from '../../../db/prepared.js'
import { computeReport, AnnualLuckCalculator, type SajuReport } from '../engine/index.js'
import { problem, unsigned } from '../problem.js'
import { entitlementsOf, snapshotOf } from '../entitlements.js'
import { PLANS, kstDate, nextKstMidnight, type PlanId } from '../plans.js'
import { cardsOf, embeddedText } from '../chat/cards.js'
import { guardInput, guardOutput } from '../chat/guard.js'
import { writeAnswer } from '../chat/llm.js'
import * as repo from '../repo.js'
import { birthOfProfile, isoSec, profileNotFound, userOf, type SajuContext } from './context.js'

export const chatHandlers: Pick<SajuHandlers<SajuContext>, 'sendChatMessage'> = {
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
    const fallbackText = embeddedText(cards, req.body.message)
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
}
