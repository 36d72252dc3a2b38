/**
 * Tokens: entitlements, spending deep tokens, and rewarded ads credited from a verified AdMob
 * receipt, forwarded by the app (POST /tokens/reward) or sent by AdMob itself (GET .../admob-ssv).
 */
import type { SajuHandlers } from '../../../../generated/saju/handlers.gen.js'
import type * as T from '../../../../generated/saju/sdk/types.gen.js'
import { randomUUID } from 'node:crypto'
import { inTransaction } from '../../../db/prepared.js'
import { problem, unsigned } from '../problem.js'
import { entitlementsOf } from '../entitlements.js'
import { parseCallbackQuery } from '../ssv.js'
import { creditReward, type RewardOutcome } from '../rewards.js'
import * as repo from '../repo.js'
import { isoSec, userOf, type SajuContext } from './context.js'

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

export const tokenHandlers: Pick<SajuHandlers<SajuContext>, 'getEntitlements' | 'consumeTokens' | 'rewardTokens' | 'receiveAdmobSsv'> = {
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

  async receiveAdmobSsv(_req, ctx) {
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
}
