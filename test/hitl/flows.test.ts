/**
 * Both flows over HTTP with the generated SDK: a natural-language request becomes a proposal
 * waiting at its approval interrupt; approve, reject and modify resume it; the thread read shows
 * flags, decisions and the conversation log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { startHitl, type Running } from './harness.js'

let h: Running
beforeAll(async () => {
  h = await startHitl()
})
afterAll(() => h.stop())

const approve = (body: Parameters<typeof sdk.approveDecision>[0]['body']) => sdk.approveDecision({ client: h.client, body })
const read = async (id: string) => (await sdk.getThread({ client: h.client, path: { thread_id: id } })).data!

describe('trading flow', () => {
  it('understands a Korean request and waits at approval_trade_node with the proposed order', async () => {
    const t = await h.start({ message: '삼성전자 131주 76300원에 매수' })
    expect(t).toMatchObject({
      kind: 'trading',
      status: 'awaiting_approval',
      current_node: 'approval_trade_node',
      graph_completed: false,
      broker: 'simulated',
      flags: { trade_prepared: true },
      proposal: { symbol: '005930', name: '삼성전자', side: 'buy', quantity: 131, price: 76300 },
      result: null,
    })
    expect(t.pending_approval).toMatchObject({ node: 'approval_trade_node', status: 'pending', amount: 131 * 76300 })
    expect(t.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(t.messages[1].content).toBe('삼성전자(005930) 131주를 76,300원에 매수할까요? 승인이 필요합니다.')
  })

  it('approved: executes once through the simulated broker and records the decision', async () => {
    const t = await h.start({ message: 'sell 10 AAPL at 190' })
    const res = await approve({ thread_id: t.thread_id, decision: 'approved', user_notes: '좋아요' })
    expect(res.response.status).toBe(200)
    expect(res.data).toMatchObject({
      success: true,
      conversation_id: t.thread_id,
      graph_completed: true,
      decision: 'approved',
      no_op: false,
      result: { status: 'simulated', symbol: 'AAPL', side: 'sell', quantity: 10, price: 190 },
    })
    expect(res.data!.message).toBe('✅ 승인 완료 - Apple 10주 매도 주문이 시뮬레이션되었습니다')
    const after = await read(t.thread_id)
    expect(after).toMatchObject({ status: 'completed', current_node: '__end__', graph_completed: true, pending_approval: null })
    expect(after.flags).toEqual({ trade_prepared: true, trade_approved: true, trade_executed: true })
    expect(after.user_decisions).toHaveLength(1)
    expect(after.user_decisions[0]).toMatchObject({ decision: 'approved', user_notes: '좋아요', modifications: null })
    expect(after.approval_requests[0]).toMatchObject({ status: 'approved' })
    expect(after.messages.map((m) => m.content).slice(-2)).toEqual(['[승인] 좋아요', res.data!.message])
  })

  it('rejected: ends without executing', async () => {
    const t = await h.start({ message: '삼성전자 10주 76300원에 매도' })
    const res = await approve({ thread_id: t.thread_id, decision: 'rejected', user_notes: '시장 변동성 과도' })
    expect(res.data).toMatchObject({ success: true, graph_completed: true, decision: 'rejected', message: '❌ 거부 완료 - 주문이 취소되었습니다' })
    expect(res.data).not.toHaveProperty('result')
    const after = await read(t.thread_id)
    expect(after.flags).toEqual({ trade_prepared: true, trade_approved: false })
    expect(after.result).toBeNull()
    expect(after.current_node).toBe('__end__')
  })

  it('modified: executes the modified quantity and price', async () => {
    const t = await h.start({ message: '삼성전자 131주 76300원에 매수' })
    const res = await approve({ thread_id: t.thread_id, decision: 'modified', modifications: { quantity: 50, price: 76000 }, user_notes: '절반만' })
    expect(res.data).toMatchObject({ decision: 'modified', result: { quantity: 50, price: 76000, status: 'simulated' } })
    expect(res.data!.message).toBe('✅ 수정 승인 완료 - 삼성전자 50주 @ 76,000원 매수 주문이 시뮬레이션되었습니다')
    const after = await read(t.thread_id)
    expect(after.proposal).toMatchObject({ quantity: 50, price: 76000 })
    expect(after.user_decisions[0].modifications).toEqual({ quantity: 50, price: 76000 })
  })

  it('a market order has no price and is filled in simulation at the reference price', async () => {
    const t = await h.start({ message: 'sell 10 AAPL at market' })
    expect(t.proposal).not.toHaveProperty('price')
    expect(t.pending_approval!.amount).toBeNull()
    const res = await approve({ thread_id: t.thread_id, decision: 'approved' })
    expect(res.data!.result).toMatchObject({ quantity: 10, price: 190, status: 'simulated' })
  })

  it('a structured proposal is an alternative to the message', async () => {
    const t = await h.start({ kind: 'trading', proposal: { symbol: '000660', side: 'buy', quantity: 3, price: 178000 } })
    expect(t.proposal).toMatchObject({ symbol: '000660', name: 'SK하이닉스', quantity: 3 })
    expect(t.messages.map((m) => m.role)).toEqual(['assistant'])
  })
})

describe('portfolio flow', () => {
  it('without holdings, proposes the demo rebalance: sell 20 005930, buy 45 069500', async () => {
    const t = await h.start({ message: '포트폴리오 리밸런싱 해줘' })
    expect(t).toMatchObject({ kind: 'rebalance', status: 'awaiting_approval', current_node: 'approval_rebalance_node', flags: { rebalance_prepared: true } })
    expect(t.proposal).toMatchObject({
      target_weights: { '005930': 0.3, '069500': 0.7 },
      trades: [
        { symbol: '005930', side: 'sell', quantity: 20, price: 76300 },
        { symbol: '069500', side: 'buy', quantity: 45, price: 34150 },
      ],
    })
    expect(t.portfolio).toMatchObject({ total_value: 12_800_000, cash: 48450 })
    expect(t.pending_approval!.amount).toBe(20 * 76300 + 45 * 34150)
  })

  it('approved: executes every leg and completes', async () => {
    const t = await h.start({
      message: '005930 50% 069500 50%로 리밸런싱',
      holdings: [
        { symbol: '005930', quantity: 10, price: 70000 },
        { symbol: '069500', quantity: 0, price: 35000 },
      ],
    })
    // 700,000 total: 350,000 each → sell 5 (350,000 / 70,000), buy 10 (350,000 / 35,000).
    expect(t.proposal).toMatchObject({
      trades: [
        { symbol: '005930', side: 'sell', quantity: 5 },
        { symbol: '069500', side: 'buy', quantity: 10 },
      ],
    })
    const res = await approve({ thread_id: t.thread_id, decision: 'approved' })
    expect(res.data).toMatchObject({ graph_completed: true, result: { status: 'simulated', trades: [{ quantity: 5 }, { quantity: 10 }] } })
    expect(res.data!.message).toBe('✅ 승인 완료 - 포트폴리오 리밸런싱(주문 2건)이 시뮬레이션되었습니다')
    expect((await read(t.thread_id)).flags).toEqual({ rebalance_prepared: true, rebalance_approved: true, rebalance_executed: true })
  })

  it('rejected: ends without executing', async () => {
    const t = await h.start({ message: '리밸런싱 해줘' })
    const res = await approve({ thread_id: t.thread_id, decision: 'rejected' })
    expect(res.data).toMatchObject({ decision: 'rejected', message: '❌ 거부 완료 - 리밸런싱이 취소되었습니다' })
    expect((await read(t.thread_id)).flags).toEqual({ rebalance_prepared: true, rebalance_approved: false })
  })

  it('modified with new target weights: recomputes the orders from the same holdings', async () => {
    const t = await h.start({ message: '리밸런싱 해줘' })
    // Demo: 12,800,000 total; 40% of 005930 = 5,120,000 → sell ceil(221,000 / 76,300) = 3;
    // 60% of 069500 = 7,680,000 → buy floor(269,450 / 34,150) = 7.
    const res = await approve({ thread_id: t.thread_id, decision: 'modified', modifications: { target_weights: { '005930': 0.4, '069500': 0.6 } } })
    expect(res.response.status).toBe(200)
    expect(res.data!.result!.trades).toEqual([
      { symbol: '005930', side: 'sell', quantity: 3, price: 76300 },
      { symbol: '069500', side: 'buy', quantity: 7, price: 34150 },
    ])
  })

  it('modified with replacement trades: executes those', async () => {
    const t = await h.start({ message: '리밸런싱 해줘' })
    const res = await approve({
      thread_id: t.thread_id,
      decision: 'modified',
      modifications: { trades: [{ symbol: '005930', side: 'sell', quantity: 1, price: 76300 }] },
    })
    expect(res.data!.result!.trades).toEqual([{ symbol: '005930', side: 'sell', quantity: 1, price: 76300 }])
  })
})
