/**
 * Crediting a verified rewarded-ad callback: shared by POST /tokens/reward (the client forwards
 * the receipt) and GET /tokens/reward/admob-ssv (AdMob calls us). A transaction credits at most
 * once, ever (primary key network:transaction_id); an exact retry gets the stored answer and no
 * credit; the credit is the signed reward_amount; cooldown and daily cap (KST days) apply.
 */
import type { Kysely } from 'kysely'
import { inTransaction } from '../../db/prepared.js'
import type { Database } from '../database.js'
import type { SsvCallback, SsvKeySource } from './ssv.js'
import { verifyCallback } from './ssv.js'
import { kstDate, nextKstMidnight } from './plans.js'
import * as repo from './repo.js'

export const MAX_RECEIPT_AGE_MS = 24 * 3600_000
/** Signed timestamps this far ahead of our clock are still taken (clock skew). */
const FUTURE_SKEW_MS = 5 * 60_000

export interface RewardPolicy {
  cooldownSec: number
  dailyCap: number
}

export interface RewardAnswer {
  idempotency_key: string
  network: 'admob' | 'applovin' | 'unity'
  transaction_id: string
  granted: number
  balance: number
  cooldown_sec: number
  daily_cap: number
  daily_used: number
  next_eligible_at: string
  credited_at: string
  user_id: string
}

export type RewardOutcome =
  | { kind: 'credited' | 'already'; answer: RewardAnswer }
  | { kind: 'refused'; status: 403 | 404 | 409 | 422 | 429; code: string; message: string; hint: string; pointer?: string; retryAfterSec?: number }

const refuse = (status: 403 | 404 | 409 | 422 | 429, code: string, message: string, hint: string, pointer?: string, retryAfterSec?: number): RewardOutcome => ({
  kind: 'refused',
  status,
  code,
  message,
  hint,
  pointer,
  retryAfterSec,
})

export interface RewardRequest {
  network: 'admob'
  callback: SsvCallback
  /** The authenticated caller (POST); null for AdMob's own callback (the signed user_id decides). */
  caller: string | null
  idempotencyKey: string | null
}

export async function creditReward(db: Kysely<Database>, keys: SsvKeySource, policy: RewardPolicy, req: RewardRequest, now: Date): Promise<RewardOutcome> {
  const { callback: cb } = req
  const verdict = await verifyCallback(cb, keys)
  if (verdict !== 'ok') {
    return refuse(422, 'E_UNPROCESSABLE', '광고 영수증 서명을 확인할 수 없습니다.', 'SDK가 전달한 값을 수정 없이 보내세요.', '/receipt/signature')
  }
  const txId = cb.params.get('transaction_id') ?? ''
  const userId = cb.params.get('user_id') ?? ''
  const amount = Number(cb.params.get('reward_amount'))
  const ts = Number(cb.params.get('timestamp'))
  if (!txId || !userId)
    return refuse(
      422,
      'E_UNPROCESSABLE',
      '서명된 영수증에 transaction_id·user_id가 없습니다.',
      '광고 SDK에 사용자 ID(SSV custom data)를 설정하세요.',
      '/receipt/signed_payload',
    )
  if (!Number.isInteger(amount) || amount < 1 || amount > 100)
    return refuse(422, 'E_UNPROCESSABLE', '서명된 보상 수량이 올바르지 않습니다.', 'AdMob 보상 설정을 확인하세요.', '/receipt/reward_amount')
  if (req.caller !== null && req.caller !== userId)
    return refuse(403, 'E_FORBIDDEN', '영수증의 사용자와 로그인 사용자가 다릅니다.', '본인 기기에서 시청한 광고만 적립할 수 있습니다.', '/receipt/user_id')

  const id = `${req.network}:${txId}`
  // an exact retry gets its stored answer whenever it comes (it credits nothing); only a new credit must be fresh
  const again = await repo.findReward(db, id)
  if (again) return retryOrReuse(again, cb.content, req.idempotencyKey)
  if (!Number.isFinite(ts) || now.getTime() - ts > MAX_RECEIPT_AGE_MS || ts - now.getTime() > FUTURE_SKEW_MS) {
    return refuse(422, 'E_UNPROCESSABLE', '24시간이 지났거나 시각이 올바르지 않은 영수증입니다.', '광고 시청 직후 적립하세요.', '/receipt/issued_at')
  }
  const user = await repo.findUser(db, userId)
  if (!user) return refuse(404, 'E_NOT_FOUND', '영수증의 사용자를 찾을 수 없습니다.', 'SSV user_id에 이 서비스의 사용자 ID를 넣으세요.', '/receipt/user_id')

  const today = kstDate(now)
  try {
    return await inTransaction(db, async (trx) => {
      const day = await repo.rewardsOfDay(trx, userId, today)
      if (day.length >= policy.dailyCap) {
        const wait = Math.max(1, Math.ceil((nextKstMidnight(now).getTime() - now.getTime()) / 1000))
        return refuse(
          429,
          'E_RATE_LIMIT',
          `오늘 받을 수 있는 광고 보상(${policy.dailyCap}회)을 모두 받았습니다.`,
          '자정(KST) 이후 다시 시도하세요.',
          undefined,
          wait,
        )
      }
      const last = await repo.lastReward(trx, userId)
      if (last) {
        const readyAt = Date.parse(last) + policy.cooldownSec * 1000
        if (readyAt > now.getTime()) {
          const wait = Math.max(1, Math.ceil((readyAt - now.getTime()) / 1000))
          return refuse(
            429,
            'E_RATE_LIMIT',
            `광고 보상 대기 시간입니다. ${Math.ceil(wait / 60)}분 후 다시 시도하세요.`,
            'Retry-After 초 이후 재시도하세요.',
            undefined,
            wait,
          )
        }
      }
      const change = await repo.credit(trx, userId, amount, 'reward', id, now)
      const used = day.length + 1
      const nextEligible = used >= policy.dailyCap ? nextKstMidnight(now) : new Date(now.getTime() + policy.cooldownSec * 1000)
      const answer: RewardAnswer = {
        idempotency_key: req.idempotencyKey ?? `admob-ssv:${txId}`.slice(0, 128),
        network: req.network,
        transaction_id: txId,
        granted: amount,
        balance: change.balance_after,
        cooldown_sec: policy.cooldownSec,
        daily_cap: policy.dailyCap,
        daily_used: used,
        next_eligible_at: isoSec(nextEligible),
        credited_at: isoSec(now),
        user_id: userId,
      }
      await repo.insertReward(trx, {
        id,
        user_id: userId,
        network: req.network,
        transaction_id: txId,
        idempotency_key: req.idempotencyKey,
        amount,
        signed_content: cb.content,
        response_json: JSON.stringify(answer),
        credited_at: now.toISOString(),
        kst_date: today,
      })
      return { kind: 'credited' as const, answer }
    })
  } catch (e) {
    // a concurrent credit of the same transaction won the primary key: answer as a retry
    const raced = await repo.findReward(db, id)
    if (raced) return retryOrReuse(raced, cb.content, req.idempotencyKey)
    throw e
  }
}

function retryOrReuse(row: Database['saju_rewards'], content: string, idempotencyKey: string | null): RewardOutcome {
  const exact = row.signed_content === content && (idempotencyKey === null || row.idempotency_key === null || row.idempotency_key === idempotencyKey)
  if (exact) return { kind: 'already', answer: JSON.parse(row.response_json) as RewardAnswer }
  return refuse(
    409,
    'E_CONFLICT',
    '이미 적립에 사용된 영수증입니다.',
    '같은 적립을 재시도할 때는 최초의 idempotency_key를 사용하세요.',
    '/receipt/transaction_id',
  )
}

const isoSec = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
