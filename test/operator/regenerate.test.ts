/**
 * Regeneration over HTTP: the ticket of a date from the database and the latest export (synced
 * for every date, byte-identical when run twice), its 422 and 404; the summary's confirm gate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/operator/sdk/index.js'
import { ticketPath } from '../../src/services/operator/artifacts.js'
import { startOperator, type Running } from './harness.js'

let r: Running
beforeAll(async () => (r = await startOperator()))
afterAll(() => r?.stop())

describe('ticket regeneration', () => {
  it('writes the latest date from the export, the same file twice', async () => {
    const first = await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-18' } })
    expect(first.response.status).toBe(200)
    const bytes1 = (await r.store.read(ticketPath('2026-02-18')))!.text
    const second = await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-18' } })
    const bytes2 = (await r.store.read(ticketPath('2026-02-18')))!.text
    expect(bytes2).toBe(bytes1)
    expect(second.data!.markdown).toBe(first.data!.markdown)
    expect(bytes1).toBe(
      '# Ticket 2026-02-18\n\n- plan_id: `plan_20260218_0900`\n- confirm_token: ••••9f3a (최신 Export와 동기화됨)\n- mode: DRY_RUN\n- 주문 (2건):\n  1. BUY 005930 × 131 @ 76,300 (지정가)\n  2. BUY 035420 × 12 @ 182,500 (지정가)\n- 실행: 없음\n',
    )
    expect(first.data).toMatchObject({
      ticket_date: '2026-02-18',
      ticket_ref: 'ticket_2026-02-18.md',
      plan_id: 'plan_20260218_0900',
      confirm_token_hint: '••••9f3a',
      path: ticketPath('2026-02-18'),
    })
  })

  it('syncs a past date with the latest export too, listing that day’s plan and execution', async () => {
    const { data } = await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-17' } })
    expect(data!.plan_id).toBe('plan_20260218_0900')
    expect(data!.markdown).toBe(
      [
        '# Ticket 2026-02-17',
        '',
        '- plan_id: `plan_20260218_0900`',
        '- confirm_token: ••••9f3a (최신 Export와 동기화됨)',
        '- mode: DRY_RUN',
        '- 이 날짜의 계획: `plan_20260217_0900` (최신 Export plan_20260218_0900(2026-02-18)로 대체됨)',
        '- 주문 (1건):',
        '  1. SELL 000660 × 20 @ 시장가',
        '- 실행: `3f0c6a52-8d1e-4b7a-9c2f-5e8d7a1b4c60` plan_20260217_0900 SIMULATED 2026-02-17T00:04:05Z',
        '  1. SIMULATED (SIM-plan_20260217_0900-1)',
        '',
      ].join('\n'),
    )
  })

  it('follows a new export: the ticket of the past date now names the new plan', async () => {
    await sdk.publishLatestExport({
      client: r.exporter,
      body: { plan_id: 'plan_20260219_0900', plan_date: '2026-02-19', confirm_token: 'new-token-5678', orders: [] },
    })
    const { data } = await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-18' } })
    expect(data!.markdown).toContain('- plan_id: `plan_20260219_0900`')
    expect(data!.markdown).toContain('- confirm_token: ••••5678 (최신 Export와 동기화됨)')
    expect(data!.markdown).toContain(
      '- 이 날짜의 계획: `plan_20260218_0900` (최신 Export plan_20260219_0900(2026-02-19)로 대체됨)\n- 주문 (2건):\n  1. BUY 005930 × 131 @ 76,300 (지정가)\n  2. BUY 035420 × 12 @ 182,500 (지정가)\n',
    )
  })

  it('is 422 for a date that is not a calendar date', async () => {
    for (const ticket_date of ['2026-02-30', '2026-13-01', '2025-02-29']) {
      const { error, response } = await sdk.regenerateTicket({ client: r.client, path: { ticket_date } })
      expect(response.status, ticket_date).toBe(422)
      expect((error as any).detail[0]).toMatchObject({ loc: ['path', 'ticket_date'], pointer: '/path/ticket_date' })
    }
    const malformed = await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-2-1' } })
    expect(malformed.response.status).toBe(422)
  })

  it('is 404 for a date nothing was published for, and writes nothing', async () => {
    const { error, response } = await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-16' } })
    expect(response.status).toBe(404)
    expect(error).toEqual({ detail: '2026-02-16 날짜에 게시된 Export가 없습니다.' })
    expect(await r.store.read(ticketPath('2026-02-16'))).toBeNull()
  })
})

describe('ops summary regeneration', () => {
  it('refuses without confirm=true (422 naming query/confirm)', async () => {
    const res = await fetch(`${r.base}/api/ops/summary/regenerate?confirm=false`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${r.server.deps.config.secrets.operatorApiToken}` },
    })
    expect(res.status).toBe(422)
    expect((await res.json()).detail[0]).toMatchObject({ loc: ['query', 'confirm'], pointer: '/query/confirm' })
  })

  it('gives the same summary twice except for generated_at', async () => {
    const a = (await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })).data!
    const b = (await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })).data!
    expect({ ...b, generated_at: null }).toEqual({ ...a, generated_at: null })
    expect((await sdk.getOpsSummary({ client: r.client })).data).toEqual(b)
  })
})
