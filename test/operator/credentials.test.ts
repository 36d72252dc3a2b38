/**
 * The two credentials: the operator's opens every API operation but cannot publish an export;
 * the export plane's publishes exports and opens nothing else. The dashboard page is public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/operator/sdk/index.js'
import { createClient } from '../../generated/operator/sdk/client/index.js'
import { startOperator, type Running } from './harness.js'

const EXPORT = { plan_id: 'plan_20260219_0900', plan_date: '2026-02-19', orders: [] }

let r: Running
beforeAll(async () => (r = await startOperator()))
afterAll(() => r?.stop())

describe('publishing an export', () => {
  it('is refused with the operator token (401), so an approver cannot choose the token', async () => {
    const { error, response } = await sdk.publishLatestExport({ client: r.client, body: { ...EXPORT, confirm_token: 'operator-chosen-token' } })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
    expect(error).toEqual({ detail: '인증 토큰이 올바르지 않습니다.' })
    expect((await sdk.getLatestExport({ client: r.client })).data!.plan_id).toBe('plan_20260218_0900')
  })

  it('is refused without a credential (401)', async () => {
    const { error, response } = await sdk.publishLatestExport({ client: r.anonymous, body: EXPORT })
    expect(response.status).toBe(401)
    expect((error as any).detail).toContain('Authorization: Bearer')
  })

  it('works with the export plane token and rewrites ticket and summary', async () => {
    const { data, response } = await sdk.publishLatestExport({ client: r.exporter, body: { ...EXPORT, confirm_token: 'rotating-token-abcd' } })
    expect(response.status).toBe(200)
    expect(data).toMatchObject({ plan_id: 'plan_20260219_0900', confirm_token_hint: '••••abcd', ticket_ref: 'ticket_2026-02-19.md' })
    expect(JSON.parse((await r.store.read('reports/live/order_plan_export/latest/order_plan_export_latest.json'))!.text).confirm_token).toBe(
      'rotating-token-abcd',
    )
    expect((await r.store.read('reports/live/tickets/ticket_2026-02-19.md'))!.text).toContain('- plan_id: `plan_20260219_0900`')
    const summary = await sdk.getOpsSummary({ client: r.client })
    expect(summary.data).toMatchObject({ stage: 'AWAITING_APPROVAL', manual_loop: { plan_id: 'plan_20260219_0900', ticket_date: '2026-02-19' } })
  })

  it('refuses to change the orders of a published plan (409) but accepts the same content again', async () => {
    const changed = await sdk.publishLatestExport({
      client: r.exporter,
      body: { ...EXPORT, orders: [{ action: 'BUY', symbol: '005930', quantity: 1, price: null }] },
    })
    expect(changed.response.status).toBe(409)
    const same = await sdk.publishLatestExport({ client: r.exporter, body: EXPORT })
    expect(same.response.status).toBe(200)
  })

  it('compares orders regardless of key order, but the order of the list matters', async () => {
    const first = { action: 'BUY' as const, symbol: '005930', quantity: 5, price: 70000 }
    const second = { action: 'SELL' as const, symbol: '000660', quantity: 3, price: null }
    const trade = { plan_id: 'plan_20260221_0900', plan_date: '2026-02-21', orders: [first, second] }
    const published = await sdk.publishLatestExport({ client: r.exporter, body: trade })
    expect(published.response.status).toBe(200)
    expect(published.data).toMatchObject({ action: 'MIXED', orders: [first, second] })
    const reordered = {
      plan_date: '2026-02-21',
      orders: [{ price: 70000, quantity: 5, symbol: '005930', action: 'BUY' as const }, second],
      plan_id: 'plan_20260221_0900',
      confirm_token: 'rotated-token-9999',
    }
    const again = await sdk.publishLatestExport({ client: r.exporter, body: reordered })
    expect(again.response.status).toBe(200)
    expect(again.data!.confirm_token_hint).toBe('••••9999')
    const swapped = await sdk.publishLatestExport({ client: r.exporter, body: { ...trade, orders: [second, first] } })
    expect(swapped.response.status).toBe(409)
  })

  it('refuses a plan of more than 50 orders with 422 naming the list', async () => {
    const orders = Array.from({ length: 51 }, (_, i) => ({ action: 'BUY' as const, symbol: '005930', quantity: i + 1, price: null }))
    const { error, response } = await sdk.publishLatestExport({ client: r.exporter, body: { plan_id: 'plan_big', plan_date: '2026-02-22', orders } })
    expect(response.status).toBe(422)
    expect((error as any).detail[0]).toMatchObject({ loc: ['body', 'orders'], pointer: '/body/orders' })
  })

  it('treats an export file that changes a published plan as tampered: submit 403, summary INVALID', async () => {
    const path = 'reports/live/order_plan_export/latest/order_plan_export_latest.json'
    const file = JSON.parse((await r.store.read(path))!.text)
    await r.store.write(path, JSON.stringify({ ...file, orders: [{ ...file.orders[0], quantity: 5000 }, file.orders[1]] }))
    const sub = await sdk.submitDraft({
      client: r.client,
      body: { draft: { ticket_ref: 'ticket_2026-02-21.md', plan_id: 'plan_20260221_0900', action: 'MIXED' } },
    })
    expect(sub.response.status).toBe(403)
    expect((sub.error as any).detail).toContain('변조 의심')
    const summary = await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect(summary.data!.artifacts.order_plan_export).toMatchObject({
      status: 'INVALID',
      error: 'plan_id plan_20260221_0900의 주문 내용이 게시 이력과 다릅니다(변조 의심)',
    })
    await r.store.write(path, JSON.stringify(file))
    expect((await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })).data!.stage).toBe('AWAITING_APPROVAL')
  })

  it('refuses to republish a plan that was executed (409)', async () => {
    const { response } = await sdk.publishLatestExport({
      client: r.exporter,
      body: { plan_id: 'plan_20260217_0900', plan_date: '2026-02-17', orders: [{ action: 'SELL', symbol: '000660', quantity: 20, price: null }] },
    })
    expect(response.status).toBe(409)
  })
})

describe('operator routes', () => {
  it('refuse the export plane token and no token (401)', async () => {
    for (const client of [r.exporter, r.anonymous]) {
      expect((await sdk.getOpsSummary({ client })).response.status).toBe(401)
      expect((await sdk.generateDraft({ client })).response.status).toBe(401)
      expect(
        (await sdk.submitDraft({ client, body: { draft: { ticket_ref: 'ticket_2026-02-18.md', plan_id: 'plan_20260218_0900', action: 'BUY' } } })).response
          .status,
      ).toBe(401)
    }
  })

  it('refuse a token of another length or a near miss', async () => {
    const token = r.server.deps.config.secrets.operatorApiToken
    for (const wrong of [token + 'x', token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a')]) {
      const client = createClient({ baseUrl: r.base, headers: { Authorization: `Bearer ${wrong}` } })
      expect((await sdk.listExecutions({ client })).response.status).toBe(401)
    }
  })

  it('the dashboard page needs no credential and carries no data', async () => {
    const res = await fetch(`${r.base}/operator`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = await res.text()
    expect(html).toContain('id="api-token"')
    expect(html).not.toContain('plan_20260218_0900')
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/)
  })
})
