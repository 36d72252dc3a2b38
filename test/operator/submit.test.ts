/**
 * Submitting a draft over HTTP with the generated SDK, in both modes: DRY_RUN (server mock token,
 * simulated broker) and LIVE (operator token against the export's confirm_token, a real HTTP
 * broker on loopback), and every refusal in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/operator/sdk/index.js'
import { EXPORT_PATH } from '../../src/services/operator/artifacts.js'
import { startFakeBroker, type FakeBroker } from './fake-broker.js'
import { EXPORT_CONFIRM_TOKEN, startOperator, type Running } from './harness.js'

const SEEDED = { ticket_ref: 'ticket_2026-02-18.md', plan_id: 'plan_20260218_0900', action: 'BUY' as const }

describe('DRY_RUN', () => {
  let r: Running
  beforeAll(async () => (r = await startOperator()))
  afterAll(() => r?.stop())

  it('previews the seeded plan without changing anything', async () => {
    const before = await r.store.read('reports/live/ops_summary_latest.json')
    const { data, response } = await sdk.generateDraft({ client: r.client })
    expect(response.status).toBe(200)
    expect(data!.raw_json).toEqual({ ...SEEDED, symbol: '005930', quantity: 131, price: 76300, mode: 'DRY_RUN' })
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

  it('refuses a draft whose order or mode differs from the export with 409', async () => {
    const qty = await sdk.submitDraft({ client: r.client, body: { draft: { ...SEEDED, quantity: 130 } } })
    expect(qty.response.status).toBe(409)
    expect((qty.error as any).detail).toContain('quantity: 130 ≠ 131')
    const mode = await sdk.submitDraft({ client: r.client, body: { draft: { ...SEEDED, mode: 'LIVE' } } })
    expect(mode.response.status).toBe(409)
    expect((mode.error as any).detail).toContain('현재 실행 모드(DRY_RUN)')
  })

  it("accepts the seed's own raw_json, ignores any token, and simulates the order", async () => {
    const { data, response } = await sdk.submitDraft({ client: r.client, body: { token: 'whatever-the-operator-typed', draft: SEEDED } })
    expect(response.status).toBe(201)
    expect(data).toMatchObject({
      plan_id: 'plan_20260218_0900',
      mode: 'DRY_RUN',
      status: 'SIMULATED',
      token_source: 'SERVER_MOCK',
      broker_order_id: 'SIM-plan_20260218_0900',
      error: null,
    })
    expect(data!.draft).toEqual({ ...SEEDED, symbol: '005930', quantity: 131, price: 76300, mode: 'DRY_RUN' })
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

  it('lists executions newest first, filtered by mode and plan', async () => {
    const all = await sdk.listExecutions({ client: r.client })
    expect(all.data!.items.map((e) => e.plan_id)).toEqual(['plan_20260218_0900', 'plan_20260217_0900'])
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

  it('asks for the token in the summary and the draft says LIVE', async () => {
    const summary = await sdk.getOpsSummary({ client: r.client })
    expect(summary.data).toMatchObject({ mode: 'LIVE', stage: 'AWAITING_APPROVAL', manual_loop: { token_required: true } })
    const preview = await sdk.generateDraft({ client: r.client })
    expect(preview.data!.raw_json.mode).toBe('LIVE')
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

  it('places the order with the broker once the token matches', async () => {
    const { data, response } = await sdk.submitDraft({ client: r.client, body: { token: EXPORT_CONFIRM_TOKEN, draft: SEEDED } })
    expect(response.status).toBe(201)
    expect(data).toMatchObject({ mode: 'LIVE', status: 'SUBMITTED', token_source: 'OPERATOR', broker_order_id: 'KRX-plan_20260218_0900-1' })
    expect(broker.orders).toEqual([
      {
        authorization: 'Bearer broker-secret-123',
        body: { client_order_id: 'plan_20260218_0900', side: 'BUY', symbol: '005930', quantity: 131, order_type: 'LIMIT', price: 76300 },
      },
    ])
    expect(JSON.stringify(data)).not.toContain(EXPORT_CONFIRM_TOKEN)
  })

  it('records a broker refusal as FAILED with the reason', async () => {
    broker.refuse = '주문 가능 금액 부족'
    const pub = await sdk.publishLatestExport({
      client: r.exporter,
      body: {
        plan_id: 'plan_20260219_0900',
        plan_date: '2026-02-19',
        confirm_token: EXPORT_CONFIRM_TOKEN,
        order: { action: 'SELL', symbol: '005930', quantity: 10, price: null },
      },
    })
    expect(pub.response.status).toBe(200)
    const { data } = await sdk.submitDraft({
      client: r.client,
      body: { token: EXPORT_CONFIRM_TOKEN, draft: { ticket_ref: 'ticket_2026-02-19.md', plan_id: 'plan_20260219_0900', action: 'SELL' } },
    })
    expect(data).toMatchObject({ status: 'FAILED', broker_order_id: null, error: '브로커가 주문을 거부했습니다(HTTP 400): 주문 가능 금액 부족' })
    expect(broker.orders.at(-1)!.body).toMatchObject({ order_type: 'MARKET', price: null })
    broker.refuse = null
  })

  it('records an acceptance without order id as FAILED, asking to check with the broker', async () => {
    broker.forgetOrderId = true
    await sdk.publishLatestExport({
      client: r.exporter,
      body: {
        plan_id: 'plan_20260220_0900',
        plan_date: '2026-02-20',
        confirm_token: EXPORT_CONFIRM_TOKEN,
        order: { action: 'BUY', symbol: '000660', quantity: 2, price: 150000 },
      },
    })
    const { data } = await sdk.submitDraft({
      client: r.client,
      body: { token: EXPORT_CONFIRM_TOKEN, draft: { ticket_ref: 'ticket_2026-02-20.md', plan_id: 'plan_20260220_0900', action: 'BUY' } },
    })
    expect(data).toMatchObject({ status: 'FAILED', error: '브로커 응답에 order_id가 없습니다(HTTP 200). 브로커에서 주문을 확인하세요.' })
    broker.forgetOrderId = false
  })

  it('refuses an export file whose token is not EXPORT_CONFIRM_TOKEN as tampered (403), even with its own token', async () => {
    const forged = {
      plan_id: 'plan_forged',
      plan_date: '2026-02-21',
      confirm_token: 'chosen-by-an-attacker',
      order: { action: 'BUY', symbol: '005930', quantity: 9999, price: null },
      published_at: '2026-02-20T23:50:00Z',
    }
    await r.store.write(EXPORT_PATH, JSON.stringify(forged))
    const { error, response } = await sdk.submitDraft({
      client: r.client,
      body: { token: 'chosen-by-an-attacker', draft: { ticket_ref: 'ticket_2026-02-21.md', plan_id: 'plan_forged', action: 'BUY' } },
    })
    expect(response.status).toBe(403)
    expect((error as any).detail).toContain('변조 의심')
    const summary = await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect(summary.data).toMatchObject({
      stage: 'AWAITING_EXPORT',
      artifacts: { order_plan_export: { status: 'INVALID', error: 'confirm_token이 EXPORT_CONFIRM_TOKEN과 다릅니다(변조 의심)' } },
    })
    expect(broker.orders.some((o) => o.body.client_order_id === 'plan_forged')).toBe(false)
  })

  it('refuses to publish a LIVE export without the token (422) or with another token (403)', async () => {
    const order = { action: 'HOLD' as const }
    const none = await sdk.publishLatestExport({ client: r.exporter, body: { plan_id: 'plan_x', plan_date: '2026-02-22', order } })
    expect(none.response.status).toBe(422)
    expect((none.error as any).detail[0].loc).toEqual(['body', 'confirm_token'])
    const other = await sdk.publishLatestExport({
      client: r.exporter,
      body: { plan_id: 'plan_x', plan_date: '2026-02-22', confirm_token: 'another-token-1234', order },
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
