/**
 * Submitting a draft over HTTP with the generated SDK, in both modes: DRY_RUN (server mock token,
 * simulated broker) and LIVE (operator token against the export's confirm_token, a real HTTP
 * broker on loopback), plans of several orders placed one by one, a failure part-way through a
 * LIVE plan, and every refusal in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/operator/sdk/index.js'
import type { TradeOrder } from '../../generated/operator/sdk/types.gen.js'
import { EXPORT_PATH, ticketPath } from '../../src/services/operator/artifacts.js'
import { startFakeBroker, type FakeBroker } from './fake-broker.js'
import { EXPORT_CONFIRM_TOKEN, startOperator, type Running } from './harness.js'

const SEEDED = { ticket_ref: 'ticket_2026-02-18.md', plan_id: 'plan_20260218_0900', action: 'BUY' as const }
const DEMO = [
  { action: 'BUY' as const, symbol: '005930', quantity: 131, price: 76300 },
  { action: 'BUY' as const, symbol: '035420', quantity: 12, price: 182500 },
]
/** A rebalance: sell one, buy two (the spec's example). */
const REBALANCE: TradeOrder[] = [
  { action: 'SELL' as const, symbol: '005930', quantity: 65, price: 76800 },
  { action: 'BUY' as const, symbol: '000660', quantity: 10, price: null },
  { action: 'BUY' as const, symbol: '035420', quantity: 4, price: 181000 },
]

describe('DRY_RUN', () => {
  let r: Running
  beforeAll(async () => (r = await startOperator()))
  afterAll(() => r?.stop())

  it('previews every order of the seeded plan without changing anything', async () => {
    const before = await r.store.read('reports/live/ops_summary_latest.json')
    const { data, response } = await sdk.generateDraft({ client: r.client })
    expect(response.status).toBe(200)
    expect(data!.raw_json).toEqual({ ...SEEDED, orders: DEMO, mode: 'DRY_RUN' })
    expect(data!.pretty_json).toBe(JSON.stringify(data!.raw_json, null, 2))
    expect((await r.store.read('reports/live/ops_summary_latest.json'))!.text).toBe(before!.text)
    const list = await sdk.listExecutions({ client: r.client, query: { plan_id: 'plan_20260218_0900' } })
    expect(list.data!.count).toBe(0)
  })

  it('refuses a draft for another plan with 403 before anything else', async () => {
    const { error, response } = await sdk.submitDraft({
      client: r.client,
      body: { draft: { ...SEEDED, plan_id: 'plan_20260217_0900', ticket_ref: 'ticket_2026-02-17.md' } },
    })
    expect(response.status).toBe(403)
    expect((error as any).detail).toContain('plan_id 불일치')
  })

  it('refuses a draft whose orders, action or mode differ from the export with 409', async () => {
    const cases: [object, string][] = [
      [{ ...SEEDED, orders: [{ ...DEMO[0], quantity: 130 }, DEMO[1]] }, 'orders[0].quantity: 130 ≠ 131'],
      [{ ...SEEDED, orders: [DEMO[0]] }, 'orders: 1건 ≠ 2건'],
      [{ ...SEEDED, orders: [DEMO[1], DEMO[0]] }, 'orders[0].symbol: 035420 ≠ 005930'],
      [{ ...SEEDED, action: 'MIXED' }, 'action: MIXED ≠ BUY'],
      [{ ...SEEDED, mode: 'LIVE' }, '현재 실행 모드(DRY_RUN)'],
    ]
    for (const [draft, words] of cases) {
      const res = await sdk.submitDraft({ client: r.client, body: { draft: draft as any } })
      expect(res.response.status, words).toBe(409)
      expect((res.error as any).detail).toContain(words)
    }
    expect((await sdk.listExecutions({ client: r.client, query: { plan_id: 'plan_20260218_0900' } })).data!.count).toBe(0)
  })

  it("accepts the seed's own raw_json, ignores any token, and simulates every order", async () => {
    const { data, response } = await sdk.submitDraft({ client: r.client, body: { token: 'whatever-the-operator-typed', draft: SEEDED } })
    expect(response.status).toBe(201)
    expect(data).toMatchObject({ plan_id: 'plan_20260218_0900', mode: 'DRY_RUN', status: 'SIMULATED', token_source: 'SERVER_MOCK', error: null })
    expect(data!.orders).toEqual(
      DEMO.map((o, i) => ({
        seq: i + 1,
        client_order_id: `plan_20260218_0900-${i + 1}`,
        ...o,
        status: 'SIMULATED',
        broker_order_id: `SIM-plan_20260218_0900-${i + 1}`,
        error: null,
      })),
    )
    expect(data!.draft).toEqual({ ...SEEDED, orders: DEMO, mode: 'DRY_RUN' })
    expect(response.headers.get('location')).toBe(`/api/operator/executions/${data!.execution_id}`)
    const again = await sdk.getExecution({ client: r.client, path: { execution_id: data!.execution_id } })
    expect(again.data).toEqual(data)
  })

  it('then shows EXECUTED / WAIT, and a second submit of the plan is 409', async () => {
    const summary = await sdk.getOpsSummary({ client: r.client })
    expect(summary.data).toMatchObject({ stage: 'EXECUTED', manual_loop: { required_actions: ['WAIT'], token_required: false } })
    const second = await sdk.submitDraft({ client: r.client, body: { draft: SEEDED } })
    expect(second.response.status).toBe(409)
    expect((second.error as any).detail).toBe('plan_id plan_20260218_0900은(는) 이미 제출되었습니다.')
    const preview = await sdk.generateDraft({ client: r.client })
    expect(preview.response.status).toBe(409)
  })

  it('simulates a mixed plan of three orders and a HOLD plan of none; the ticket lists each outcome', async () => {
    const pub = await sdk.publishLatestExport({ client: r.exporter, body: { plan_id: 'plan_20260219_0900', plan_date: '2026-02-19', orders: REBALANCE } })
    expect(pub.data).toMatchObject({ action: 'MIXED', orders: REBALANCE })
    const preview = (await sdk.generateDraft({ client: r.client })).data!
    expect(preview.raw_json).toEqual({ ticket_ref: 'ticket_2026-02-19.md', plan_id: 'plan_20260219_0900', action: 'MIXED', orders: REBALANCE, mode: 'DRY_RUN' })
    const { data } = await sdk.submitDraft({ client: r.client, body: { draft: preview.raw_json } })
    expect(data!.status).toBe('SIMULATED')
    expect(data!.orders.map((o) => [o.seq, o.action, o.status, o.broker_order_id])).toEqual([
      [1, 'SELL', 'SIMULATED', 'SIM-plan_20260219_0900-1'],
      [2, 'BUY', 'SIMULATED', 'SIM-plan_20260219_0900-2'],
      [3, 'BUY', 'SIMULATED', 'SIM-plan_20260219_0900-3'],
    ])
    const ticket = (await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-19' } })).data!.markdown
    expect(ticket).toContain(
      [
        '- 주문 (3건):',
        '  1. SELL 005930 × 65 @ 76,800 (지정가)',
        '  2. BUY 000660 × 10 @ 시장가',
        '  3. BUY 035420 × 4 @ 181,000 (지정가)',
        `- 실행: \`${data!.execution_id}\` plan_20260219_0900 SIMULATED ${data!.created_at}`,
        '  1. SIMULATED (SIM-plan_20260219_0900-1)',
        '  2. SIMULATED (SIM-plan_20260219_0900-2)',
        '  3. SIMULATED (SIM-plan_20260219_0900-3)',
      ].join('\n'),
    )

    await sdk.publishLatestExport({ client: r.exporter, body: { plan_id: 'plan_20260220_0900', plan_date: '2026-02-20', orders: [] } })
    const hold = await sdk.submitDraft({
      client: r.client,
      body: { draft: { ticket_ref: 'ticket_2026-02-20.md', plan_id: 'plan_20260220_0900', action: 'HOLD' } },
    })
    expect(hold.response.status).toBe(201)
    expect(hold.data).toMatchObject({ status: 'SIMULATED', orders: [], draft: { action: 'HOLD', orders: [] } })
  })

  it('lists executions newest first with their orders, filtered by mode and plan', async () => {
    const all = await sdk.listExecutions({ client: r.client })
    const created = all.data!.items.map((e) => e.created_at)
    expect(created).toEqual([...created].sort().reverse())
    // Submits within one second tie on created_at: the pairs are compared by plan here.
    expect(
      all
        .data!.items.map((e) => [e.plan_id, e.orders.length])
        .sort()
        .reverse(),
    ).toEqual([
      ['plan_20260220_0900', 0],
      ['plan_20260219_0900', 3],
      ['plan_20260218_0900', 2],
      ['plan_20260217_0900', 1],
    ])
    const live = await sdk.listExecutions({ client: r.client, query: { mode: 'LIVE' } })
    expect(live.data).toEqual({ items: [], count: 0 })
    const one = await sdk.listExecutions({ client: r.client, query: { limit: 1 } })
    expect(one.data!.count).toBe(1)
  })
})

describe('LIVE', () => {
  let r: Running
  let broker: FakeBroker
  beforeAll(async () => {
    broker = await startFakeBroker()
    r = await startOperator({ OPERATOR_MODE: 'LIVE', OPERATOR_BROKER: 'http', OPERATOR_BROKER_URL: broker.url, OPERATOR_BROKER_TOKEN: 'broker-secret-123' })
  })
  afterAll(async () => {
    await r?.stop()
    await broker?.close()
  })
  const publish = (plan_id: string, plan_date: string, orders: TradeOrder[]) =>
    sdk.publishLatestExport({ client: r.exporter, body: { plan_id, plan_date, confirm_token: EXPORT_CONFIRM_TOKEN, orders } })

  it('asks for the token in the summary and the draft says LIVE', async () => {
    const summary = await sdk.getOpsSummary({ client: r.client })
    expect(summary.data).toMatchObject({ mode: 'LIVE', stage: 'AWAITING_APPROVAL', manual_loop: { token_required: true } })
    const preview = await sdk.generateDraft({ client: r.client })
    expect(preview.data!.raw_json).toMatchObject({ mode: 'LIVE', orders: DEMO })
  })

  it('refuses a submit without token with 422 naming body/token', async () => {
    const { error, response } = await sdk.submitDraft({ client: r.client, body: { draft: SEEDED } })
    expect(response.status).toBe(422)
    expect(error).toEqual({ detail: [{ loc: ['body', 'token'], msg: 'LIVE 모드에서는 token이 필수입니다.', type: 'missing', pointer: '/body/token' }] })
  })

  it('refuses a wrong token with 403, including one that differs only in its last character', async () => {
    for (const token of ['wrong', EXPORT_CONFIRM_TOKEN.slice(0, -1) + 'x', EXPORT_CONFIRM_TOKEN + 'x']) {
      const { error, response } = await sdk.submitDraft({ client: r.client, body: { token, draft: SEEDED } })
      expect(response.status).toBe(403)
      expect((error as any).detail).toContain('confirm_token과 일치하지 않아 차단')
    }
  })

  it('refuses the right token with another plan_id with 403', async () => {
    const { response } = await sdk.submitDraft({ client: r.client, body: { token: EXPORT_CONFIRM_TOKEN, draft: { ...SEEDED, plan_id: 'plan_other' } } })
    expect(response.status).toBe(403)
    expect(broker.orders).toHaveLength(0)
  })

  it('places every order with the broker, in order, each with its own client order id', async () => {
    const { data, response } = await sdk.submitDraft({ client: r.client, body: { token: EXPORT_CONFIRM_TOKEN, draft: SEEDED } })
    expect(response.status).toBe(201)
    expect(data).toMatchObject({ mode: 'LIVE', status: 'SUBMITTED', token_source: 'OPERATOR', error: null })
    expect(data!.orders.map((o) => [o.client_order_id, o.status, o.broker_order_id])).toEqual([
      ['plan_20260218_0900-1', 'SUBMITTED', 'KRX-plan_20260218_0900-1'],
      ['plan_20260218_0900-2', 'SUBMITTED', 'KRX-plan_20260218_0900-2'],
    ])
    expect(broker.orders).toEqual([
      {
        authorization: 'Bearer broker-secret-123',
        body: { client_order_id: 'plan_20260218_0900-1', side: 'BUY', symbol: '005930', quantity: 131, order_type: 'LIMIT', price: 76300 },
      },
      {
        authorization: 'Bearer broker-secret-123',
        body: { client_order_id: 'plan_20260218_0900-2', side: 'BUY', symbol: '035420', quantity: 12, order_type: 'LIMIT', price: 182500 },
      },
    ])
    expect(JSON.stringify(data)).not.toContain(EXPORT_CONFIRM_TOKEN)
  })

  it('stops at a refused order k of n: the ones before stay placed, the rest are SKIPPED, and a retry places nothing twice', async () => {
    expect((await publish('plan_20260219_0900', '2026-02-19', REBALANCE)).response.status).toBe(200)
    broker.orders.length = 0
    broker.refuseWhen = (body) => (body.symbol === '000660' ? '주문 가능 금액 부족' : null)
    const draft = (await sdk.generateDraft({ client: r.client })).data!.raw_json
    const { data, response } = await sdk.submitDraft({ client: r.client, body: { token: EXPORT_CONFIRM_TOKEN, draft } })
    broker.refuseWhen = null
    expect(response.status).toBe(201)
    expect(data).toMatchObject({
      status: 'PARTIAL',
      error: '주문 2/3(BUY 000660 × 10) 실패: 브로커가 주문을 거부했습니다(HTTP 400): 주문 가능 금액 부족. 주문 3은(는) 보내지 않았습니다.',
    })
    expect(data!.orders.map((o) => [o.seq, o.status, o.broker_order_id, o.error])).toEqual([
      [1, 'SUBMITTED', 'KRX-plan_20260219_0900-1', null],
      [2, 'FAILED', null, '브로커가 주문을 거부했습니다(HTTP 400): 주문 가능 금액 부족'],
      [3, 'SKIPPED', null, '주문 2 실패로 보내지 않았습니다.'],
    ])
    expect(broker.orders.map((o) => o.body.client_order_id)).toEqual(['plan_20260219_0900-1', 'plan_20260219_0900-2'])

    // The same approval again, now that the broker would accept: refused, nothing sent.
    for (const body of [
      { token: EXPORT_CONFIRM_TOKEN, draft },
      { token: EXPORT_CONFIRM_TOKEN, draft: { ...draft, orders: REBALANCE.slice(2) } },
    ]) {
      expect((await sdk.submitDraft({ client: r.client, body })).response.status).toBe(409)
    }
    expect(broker.orders).toHaveLength(2)
    // Nothing lost: the record reads back the same, the summary waits, the ticket tells each order's fate.
    expect((await sdk.getExecution({ client: r.client, path: { execution_id: data!.execution_id } })).data).toEqual(data)
    expect((await sdk.getOpsSummary({ client: r.client })).data).toMatchObject({ stage: 'EXECUTED', last_execution_id: data!.execution_id })
    const ticket = (await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-19' } })).data!.markdown
    expect(ticket).toContain(
      `PARTIAL ${data!.created_at}\n  1. SUBMITTED (KRX-plan_20260219_0900-1)\n  2. FAILED — 브로커가 주문을 거부했습니다(HTTP 400): 주문 가능 금액 부족\n  3. SKIPPED — 주문 2 실패로 보내지 않았습니다.\n`,
    )

    // The remaining order goes out as a new plan, under a new client order id.
    expect((await publish('plan_20260219_1000', '2026-02-19', REBALANCE.slice(2))).response.status).toBe(200)
    const rest = await sdk.submitDraft({
      client: r.client,
      body: { token: EXPORT_CONFIRM_TOKEN, draft: { ticket_ref: 'ticket_2026-02-19.md', plan_id: 'plan_20260219_1000', action: 'BUY' } },
    })
    expect(rest.data).toMatchObject({ status: 'SUBMITTED', orders: [{ client_order_id: 'plan_20260219_1000-1', status: 'SUBMITTED' }] })
    expect(broker.orders.map((o) => o.body.client_order_id)).toEqual(['plan_20260219_0900-1', 'plan_20260219_0900-2', 'plan_20260219_1000-1'])
  })

  it('records a refusal of the first order as FAILED with nothing placed', async () => {
    broker.refuse = '장 운영 시간이 아닙니다'
    await publish('plan_20260220_0900', '2026-02-20', [
      { action: 'SELL', symbol: '005930', quantity: 10, price: null },
      { action: 'BUY', symbol: '000660', quantity: 1, price: 150000 },
    ])
    const { data } = await sdk.submitDraft({
      client: r.client,
      body: { token: EXPORT_CONFIRM_TOKEN, draft: { ticket_ref: 'ticket_2026-02-20.md', plan_id: 'plan_20260220_0900', action: 'MIXED' } },
    })
    broker.refuse = null
    expect(data).toMatchObject({
      status: 'FAILED',
      error: '주문 1/2(SELL 005930 × 10) 실패: 브로커가 주문을 거부했습니다(HTTP 400): 장 운영 시간이 아닙니다. 주문 2은(는) 보내지 않았습니다.',
    })
    expect(data!.orders.map((o) => o.status)).toEqual(['FAILED', 'SKIPPED'])
    expect(broker.orders.at(-1)!.body).toMatchObject({ client_order_id: 'plan_20260220_0900-1', order_type: 'MARKET', price: null })
  })

  it('records an acceptance without order id as FAILED, asking to check with the broker', async () => {
    broker.forgetOrderId = true
    await publish('plan_20260221_0900', '2026-02-21', [{ action: 'BUY', symbol: '000660', quantity: 2, price: 150000 }])
    const { data } = await sdk.submitDraft({
      client: r.client,
      body: { token: EXPORT_CONFIRM_TOKEN, draft: { ticket_ref: 'ticket_2026-02-21.md', plan_id: 'plan_20260221_0900', action: 'BUY' } },
    })
    broker.forgetOrderId = false
    expect(data).toMatchObject({
      status: 'FAILED',
      error: '주문 1/1(BUY 000660 × 2) 실패: 브로커 응답에 order_id가 없습니다(HTTP 200). 브로커에서 주문을 확인하세요.',
      orders: [{ status: 'FAILED', error: '브로커 응답에 order_id가 없습니다(HTTP 200). 브로커에서 주문을 확인하세요.' }],
    })
  })

  it('keeps the record of a plan in flight: placed, PENDING at the broker, QUEUED after', async () => {
    await publish('plan_20260222_0900', '2026-02-22', REBALANCE)
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let reached!: () => void
    const atSecond = new Promise<void>((resolve) => (reached = resolve))
    broker.holdWhen = (body) => {
      if (body.client_order_id !== 'plan_20260222_0900-2') return null
      reached()
      return held
    }
    const submitting = sdk.submitDraft({
      client: r.client,
      body: { token: EXPORT_CONFIRM_TOKEN, draft: { ticket_ref: 'ticket_2026-02-22.md', plan_id: 'plan_20260222_0900', action: 'MIXED' } },
    })
    await atSecond
    const during = await sdk.listExecutions({ client: r.client, query: { plan_id: 'plan_20260222_0900' } })
    expect(during.data!.items[0]).toMatchObject({ status: 'PENDING', error: null })
    expect(during.data!.items[0].orders.map((o) => o.status)).toEqual(['SUBMITTED', 'PENDING', 'QUEUED'])
    expect(
      (
        await sdk.submitDraft({
          client: r.client,
          body: { token: EXPORT_CONFIRM_TOKEN, draft: { ticket_ref: 'ticket_2026-02-22.md', plan_id: 'plan_20260222_0900', action: 'MIXED' } },
        })
      ).response.status,
    ).toBe(409)
    release()
    broker.holdWhen = null
    const done = await submitting
    expect(done.data!.status).toBe('SUBMITTED')
    expect(done.data!.orders.map((o) => o.status)).toEqual(['SUBMITTED', 'SUBMITTED', 'SUBMITTED'])
    expect(broker.orders.filter((o) => o.body.client_order_id.startsWith('plan_20260222_0900'))).toHaveLength(3)
  })

  it('refuses an export file whose token is not EXPORT_CONFIRM_TOKEN as tampered (403), even with its own token', async () => {
    const forged = {
      plan_id: 'plan_forged',
      plan_date: '2026-02-23',
      confirm_token: 'chosen-by-an-attacker',
      orders: [{ action: 'BUY', symbol: '005930', quantity: 9999, price: null }],
      published_at: '2026-02-22T23:50:00Z',
    }
    await r.store.write(EXPORT_PATH, JSON.stringify(forged))
    const { error, response } = await sdk.submitDraft({
      client: r.client,
      body: { token: 'chosen-by-an-attacker', draft: { ticket_ref: 'ticket_2026-02-23.md', plan_id: 'plan_forged', action: 'BUY' } },
    })
    expect(response.status).toBe(403)
    expect((error as any).detail).toContain('변조 의심')
    const summary = await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect(summary.data).toMatchObject({
      stage: 'AWAITING_EXPORT',
      artifacts: { order_plan_export: { status: 'INVALID', error: 'confirm_token이 EXPORT_CONFIRM_TOKEN과 다릅니다(변조 의심)' } },
    })
    expect(broker.orders.some((o) => o.body.client_order_id.startsWith('plan_forged'))).toBe(false)
    expect(await r.store.read(ticketPath('2026-02-23'))).toBeNull()
  })

  it('refuses to publish a LIVE export without the token (422) or with another token (403)', async () => {
    const none = await sdk.publishLatestExport({ client: r.exporter, body: { plan_id: 'plan_x', plan_date: '2026-02-24', orders: [] } })
    expect(none.response.status).toBe(422)
    expect((none.error as any).detail[0].loc).toEqual(['body', 'confirm_token'])
    const other = await sdk.publishLatestExport({
      client: r.exporter,
      body: { plan_id: 'plan_x', plan_date: '2026-02-24', confirm_token: 'another-token-1234', orders: [] },
    })
    expect(other.response.status).toBe(403)
  })
})

describe('LIVE without a broker adapter', () => {
  let r: Running
  beforeAll(async () => (r = await startOperator({ OPERATOR_MODE: 'LIVE' })))
  afterAll(() => r?.stop())

  it('refuses to submit with 503 and records nothing', async () => {
    const { error, response } = await sdk.submitDraft({ client: r.client, body: { token: EXPORT_CONFIRM_TOKEN, draft: SEEDED } })
    expect(response.status).toBe(503)
    expect((error as any).detail).toContain('브로커 어댑터가 설정되지 않았습니다')
    const list = await sdk.listExecutions({ client: r.client, query: { plan_id: 'plan_20260218_0900' } })
    expect(list.data!.count).toBe(0)
  })
})
