/**
 * The threads the spec's request examples refer to, each stopped at its approval interrupt by
 * the real graph (so `approveDecision`'s examples — approve, modify, reject, rebalance — each
 * find a thread waiting), the demo rebalance `make run` shows on the demo portfolio, and an
 * approved trade whose event stream (the events example) replays to its end.
 * Idempotent: a thread that exists is left as it is (a decided one answers its example no-op).
 */
import type { Hitl } from './wiring.js'

const TRADE = { symbol: '005930', name: '삼성전자', side: 'buy' as const, quantity: 131, price: 76300, reason: '목표 비중 10% 대비 현재 0%' }
export const SEED_TRADE_THREADS = ['550e8400-e29b-41d4-a716-446655440000', '550e8400-e29b-41d4-a716-446655440001', '550e8400-e29b-41d4-a716-446655440002']
export const SEED_REBALANCE_THREAD = '7d9f3c1a-2b4e-4f6a-8c0d-1e2f3a4b5c6d'
/** The event stream's example: a trade approved and executed, so its stream replays and ends. */
export const SEED_STREAM_THREAD = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'

export async function seedHitl(hitl: Hitl): Promise<void> {
  const always = { trade: 'always' as const, rebalance: 'always' as const }
  for (const thread_id of SEED_TRADE_THREADS) {
    const res = await hitl.start({ thread_id, kind: 'trading', message: '삼성전자 1000만원어치 사줘', proposal: TRADE, hitl_config: always })
    if (res.status !== 201 && res.status !== 409) throw new Error(`hitl seed: thread ${thread_id} answered ${res.status}`)
  }
  // No holdings: the demo portfolio (005930 ×70, 069500 ×217, 48,450원) towards 30% / 70%.
  const res = await hitl.start({ thread_id: SEED_REBALANCE_THREAD, message: '포트폴리오 리밸런싱 해줘', hitl_config: always })
  if (res.status !== 201 && res.status !== 409) throw new Error(`hitl seed: rebalance thread answered ${res.status}`)
  const streamed = await hitl.start({
    thread_id: SEED_STREAM_THREAD,
    kind: 'trading',
    message: '삼성전자 1000만원어치 사줘',
    proposal: TRADE,
    hitl_config: always,
  })
  if (streamed.status === 201) {
    const decided = await hitl.decide({ thread_id: SEED_STREAM_THREAD, decision: 'approved' })
    if (decided.status !== 200) throw new Error(`hitl seed: stream thread's approval answered ${decided.status}`)
  } else if (streamed.status !== 409) throw new Error(`hitl seed: stream thread answered ${streamed.status}`)
}
