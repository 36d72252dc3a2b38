/**
 * Concurrent approvals execute once; ten threads approved at once all complete. The SSE stream,
 * read by a real HTTP client: replay from the start, Last-Event-ID, a live wait that ends on the
 * next event, and 204 once the graph finished. hitl_config decides whether a step interrupts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { startHitl, type Running } from './harness.js'

let h: Running
beforeAll(async () => {
  h = await startHitl({ HITL_DEFAULT_REBALANCE_POLICY: 'above:1000000' })
})
afterAll(() => h.stop())

interface SseEvent {
  id: number
  event: string
  data: any
}
function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('event:'))
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}: `))!
          .slice(name.length + 2)
      return { id: Number(field('id')), event: field('event'), data: JSON.parse(field('data')) }
    })
}
const stream = (id: string, opts: { last?: number; wait?: number } = {}) =>
  fetch(`${h.base}/api/v1/chat/threads/${id}/events?wait=${opts.wait ?? 0}`, {
    headers: { ...h.auth, ...(opts.last !== undefined ? { 'Last-Event-ID': String(opts.last) } : {}) },
  })

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

describe('event stream (SSE)', () => {
  it('replays the thread from the start: steps, the approval request, then the outcome', async () => {
    const t = await h.start({ message: '삼성전자 131주 76300원에 매수' })
    const res = await stream(t.thread_id)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const events = parseSse(await res.text())
    expect(events.map((e) => [e.event, e.data.node ?? null])).toEqual([
      ['step', 'understand_request_node'],
      ['step', 'prepare_trade_node'],
      ['step', 'approval_trade_node'],
      ['approval_request', null],
    ])
    expect(events[3].data).toMatchObject({ action: 'trade', side: 'buy', symbol: '005930', name: '삼성전자', quantity: 131, price: 76300, amount: 9_995_300 })
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4])

    // Following live: a waiting request ends with the next events, after Last-Event-ID.
    const waiting = stream(t.thread_id, { last: 4, wait: 30 })
    await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'rejected' } })
    const live = parseSse(await (await waiting).text())
    expect(live[0].id).toBe(5)
    expect(live.map((e) => e.event)).toContain('outcome')
    expect(live.find((e) => e.event === 'outcome')!.data).toMatchObject({ decision: 'rejected', status: 'rejected', result: null })

    // Finished and nothing after the last id: 204 stops EventSource reconnecting.
    const lastId = live[live.length - 1].id
    expect((await stream(t.thread_id, { last: lastId })).status).toBe(204)
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
})
