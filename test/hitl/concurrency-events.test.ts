/**
 * Concurrent approvals execute once; ten threads approved at once all complete. hitl_config
 * decides whether a step interrupts, with US orders converted to KRW before above_amount judges
 * them. (The event stream: events.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { startHitl, type Running } from './harness.js'

let h: Running
beforeAll(async () => {
  h = await startHitl({ HITL_DEFAULT_REBALANCE_POLICY: 'above:1000000', HITL_USD_KRW_RATE: '1400' })
})
afterAll(() => h.stop())

describe('concurrency', () => {
  it('two concurrent approvals of one thread execute the order once', async () => {
    const t = await h.start({ message: '삼성전자 5주 76300원에 매수' })
    const [a, b] = await Promise.all([0, 1].map(() => sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })))
    expect([a.response.status, b.response.status]).toEqual([200, 200])
    expect([(a.data as any).no_op, (b.data as any).no_op].sort()).toEqual([false, true])
    expect(a.data!.result).toEqual(b.data!.result)
    const state = (await sdk.getThread({ client: h.client, path: { thread_id: t.thread_id } })).data!
    expect(state.user_decisions).toHaveLength(1)
    expect(state.messages.filter((m) => m.node === 'execute_trade_node')).toHaveLength(1)
  })

  it('ten threads approved at once all complete', async () => {
    const threads = await Promise.all(Array.from({ length: 10 }, (_, i) => h.start({ message: `삼성전자 ${i + 1}주 76300원에 매수` })))
    const results = await Promise.all(threads.map((t) => sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })))
    expect(results.map((r) => r.response.status)).toEqual(Array(10).fill(200))
    expect(results.map((r) => r.data!.result!.quantity)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
  })
})

describe('hitl_config', () => {
  it('above_amount: a small order runs by itself, a larger one waits', async () => {
    const small = await h.start({ message: '삼성전자 10주 76300원에 매수', hitl_config: { trade: { above_amount: 1_000_000 } } })
    expect(small).toMatchObject({ status: 'completed', result: { quantity: 10 }, hitl_config: { trade: { above_amount: 1_000_000 } } })
    const large = await h.start({ message: '삼성전자 20주 76300원에 매수', hitl_config: { trade: { above_amount: 1_000_000 } } })
    expect(large.status).toBe('awaiting_approval')
  })

  it('the server default applies when the thread sets none, and the thread overrides it', async () => {
    // Server default here: rebalance above 1,000,000 (the demo rebalance trades 3,062,750).
    const byDefault = await h.start({ message: '리밸런싱 해줘' })
    expect(byDefault).toMatchObject({ status: 'awaiting_approval', hitl_config: { trade: 'always', rebalance: { above_amount: 1_000_000 } } })
    const never = await h.start({ message: '리밸런싱 해줘', hitl_config: { rebalance: 'never' } })
    expect(never).toMatchObject({ status: 'completed', flags: { rebalance_executed: true } })
  })

  it('a market order always asks under above_amount (its amount is unknown)', async () => {
    const t = await h.start({ message: 'buy 1 AAPL at market', hitl_config: { trade: { above_amount: 1_000_000_000 } } })
    expect(t.status).toBe('awaiting_approval')
  })

  it('above_amount is in KRW: a USD order is converted at HITL_USD_KRW_RATE before it is compared', async () => {
    // 5 AAPL at $190 = $950 = 1,330,000원 at 1,400원/USD: over 1,000,000원, though 950 is not.
    const over = await h.start({ message: 'buy 5 AAPL at 190', hitl_config: { trade: { above_amount: 1_000_000 } } })
    expect(over.status).toBe('awaiting_approval')
    expect(over.pending_approval).toMatchObject({
      currency: 'USD',
      amount: 950,
      amount_krw: 1_330_000,
      fx_rate: { pair: 'USD/KRW', rate: 1400, source: 'configured' },
    })
    expect(over.messages.at(-1)!.content).toContain('약 1,330,000원, 1 USD = 1,400원')
    // 3 AAPL at $190 = $570 = 798,000원: under the threshold, executed by itself.
    const under = await h.start({ message: 'buy 3 AAPL at 190', hitl_config: { trade: { above_amount: 1_000_000 } } })
    expect(under).toMatchObject({ status: 'completed', result: { symbol: 'AAPL', quantity: 3, price: 190 } })
    expect(under.messages.some((m) => m.content.includes('약 798,000원'))).toBe(true)
  })

  it('a KRW order records no exchange rate', async () => {
    const t = await h.start({ message: '삼성전자 20주 76300원에 매수' })
    expect(t.pending_approval).toMatchObject({ currency: 'KRW', amount: 1_526_000, amount_krw: 1_526_000, fx_rate: null })
  })

  it('a modified USD order executes as modified', async () => {
    const t = await h.start({ message: 'buy 5 AAPL at 190' })
    const res = await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'modified', modifications: { quantity: 2 } } })
    expect(res.response.status).toBe(200)
    expect(res.data!.result).toMatchObject({ symbol: 'AAPL', quantity: 2, price: 190 })
  })
})
