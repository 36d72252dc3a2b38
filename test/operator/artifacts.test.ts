/**
 * The artifact store under damage: missing, corrupt, truncated (half-written by an outside
 * writer), schema-breaking files give errors in the FastAPI shape that name the file, never a
 * crash; the summary records them as INVALID; our own writes are atomic and leave no debris.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/operator/sdk/index.js'
import { EXPORT_PATH, SUMMARY_PATH, ticketPath } from '../../src/services/operator/artifacts.js'
import { ArtifactStore } from '../../src/services/operator/artifact-store.js'
import { startOperator, type Running } from './harness.js'

let r: Running
let good: string
beforeAll(async () => {
  r = await startOperator()
  good = (await r.store.read(EXPORT_PATH))!.text
})
afterAll(() => r?.stop())

describe('the export file', () => {
  it('truncated half-way: 500 naming the file, summary INVALID / AWAITING_EXPORT, then recovers', async () => {
    await r.store.write(EXPORT_PATH, good.slice(0, Math.floor(good.length / 2)))
    for (const res of [await sdk.getLatestExport({ client: r.client }), await sdk.generateDraft({ client: r.client })]) {
      expect(res.response.status).toBe(500)
      expect(res.error).toEqual({ detail: `${EXPORT_PATH}을(를) 읽을 수 없습니다: JSON 형식이 아닙니다(잘렸거나 깨진 파일).` })
    }
    const sub = await sdk.submitDraft({
      client: r.client,
      body: { draft: { ticket_ref: 'ticket_2026-02-18.md', plan_id: 'plan_20260218_0900', action: 'BUY' } },
    })
    expect(sub.response.status).toBe(500)
    const summary = await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect(summary.data).toMatchObject({
      stage: 'AWAITING_EXPORT',
      manual_loop: { required_actions: ['WAIT'], plan_id: null },
      artifacts: { order_plan_export: { status: 'INVALID', path: EXPORT_PATH }, ticket: { status: 'MISSING', path: null } },
    })
    await r.store.write(EXPORT_PATH, good)
    expect((await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })).data!.stage).toBe('AWAITING_APPROVAL')
  })

  it('valid JSON that breaks the schema: 500 naming the field', async () => {
    const file = JSON.parse(good)
    await r.store.write(EXPORT_PATH, JSON.stringify({ ...file, orders: [file.orders[0], { action: 'BUY', symbol: '005930', quantity: 0, price: 1 }] }))
    const res = await sdk.getLatestExport({ client: r.client })
    expect(res.response.status).toBe(500)
    expect(res.error).toEqual({ detail: `${EXPORT_PATH}을(를) 읽을 수 없습니다: 스키마 위반: /orders/1/quantity must be >= 1.` })
    await r.store.write(EXPORT_PATH, good)
  })

  it('a 1.x file (one `order`, no `orders`): 500 saying what changed, never a guess at the orders', async () => {
    const { orders, ...rest } = JSON.parse(good)
    await r.store.write(EXPORT_PATH, JSON.stringify({ ...rest, order: orders[0] }))
    for (const res of [await sdk.getLatestExport({ client: r.client }), await sdk.generateDraft({ client: r.client })]) {
      expect(res.response.status).toBe(500)
      expect(res.error).toEqual({
        detail: `${EXPORT_PATH}을(를) 읽을 수 없습니다: 1.x 형식입니다: 주문 하나(order) 대신 주문 목록(orders)이 필요합니다(API 2.0).`,
      })
    }
    const summary = await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect(summary.data!.artifacts.order_plan_export.status).toBe('INVALID')
    await r.store.write(EXPORT_PATH, good)
  })

  it('missing: 404 for reads, and the summary says MISSING', async () => {
    const { unlink } = await import('node:fs/promises')
    await unlink(r.store.resolve(EXPORT_PATH))
    const res = await sdk.generateDraft({ client: r.client })
    expect(res.response.status).toBe(404)
    expect((res.error as any).detail).toContain(EXPORT_PATH)
    const summary = await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect(summary.data!.artifacts.order_plan_export).toEqual({ path: EXPORT_PATH, status: 'MISSING', plan_id: null, updated_at: null, error: null })
    await r.store.write(EXPORT_PATH, good)
  })

  it('an abandoned temporary file of a crashed writer is ignored', async () => {
    const dir = r.store.resolve('reports/live/order_plan_export/latest')
    writeFileSync(join(dir, '.order_plan_export_latest.json.tmp-999-deadbeef'), '{"plan_id": "plan_half')
    const res = await sdk.getLatestExport({ client: r.client })
    expect(res.data!.plan_id).toBe('plan_20260218_0900')
  })
})

describe('the ops summary and ticket files', () => {
  it('a corrupt summary is 500 naming it; regenerating rewrites it', async () => {
    await r.store.write(SUMMARY_PATH, '{"stage": ')
    const res = await sdk.getOpsSummary({ client: r.client })
    expect(res.response.status).toBe(500)
    expect((res.error as any).detail).toContain(SUMMARY_PATH)
    await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect((await sdk.getOpsSummary({ client: r.client })).data!.stage).toBe('AWAITING_APPROVAL')
  })

  it('a truncated ticket makes the stage TICKET_OUT_OF_SYNC with REGENERATE_TICKET, and regeneration leads out', async () => {
    await r.store.write(ticketPath('2026-02-18'), '# Ticket 2026-02-18\n\n- plan_')
    const summary = await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect(summary.data).toMatchObject({
      stage: 'TICKET_OUT_OF_SYNC',
      manual_loop: { required_actions: ['REGENERATE_TICKET'] },
      artifacts: { ticket: { status: 'INVALID' } },
    })
    const draft = await sdk.generateDraft({ client: r.client })
    expect(draft.response.status).toBe(500)
    expect((draft.error as any).detail).toContain('ticket_2026-02-18.md')
    await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-18' } })
    expect((await sdk.getOpsSummary({ client: r.client })).data!.stage).toBe('AWAITING_APPROVAL')
  })

  it('a ticket naming another plan is STALE: preview is 409 until the ticket is regenerated', async () => {
    const text = (await r.store.read(ticketPath('2026-02-18')))!.text
    await r.store.write(ticketPath('2026-02-18'), text.replace('plan_20260218_0900', 'plan_20260218_0800'))
    const summary = await sdk.regenerateOpsSummary({ client: r.client, query: { confirm: true } })
    expect(summary.data!.artifacts.ticket).toMatchObject({ status: 'STALE', plan_id: 'plan_20260218_0800' })
    expect((await sdk.generateDraft({ client: r.client })).response.status).toBe(409)
    await sdk.regenerateTicket({ client: r.client, path: { ticket_date: '2026-02-18' } })
    expect((await sdk.generateDraft({ client: r.client })).response.status).toBe(200)
  })
})

describe('atomic writes', () => {
  it('replace the whole file and leave no temporary file behind', async () => {
    const store = new ArtifactStore(r.root)
    await store.write('x/a.json', 'first')
    await store.write('x/a.json', 'second')
    expect((await store.read('x/a.json'))!.text).toBe('second')
    expect(readdirSync(store.resolve('x'))).toEqual(['a.json'])
  })

  it('keep the old content and no debris when the replace fails', async () => {
    const store = new ArtifactStore(r.root)
    await store.write('y/b.json', 'old')
    // A directory where the file should go makes the rename fail after the data was written.
    mkdirSync(store.resolve('y/c.json'))
    await expect(store.write('y/c.json', 'new')).rejects.toThrow()
    expect(readdirSync(store.resolve('y')).sort()).toEqual(['b.json', 'c.json'])
    expect((await store.read('y/b.json'))!.text).toBe('old')
  })

  it('refuse paths outside the store', () => {
    expect(() => new ArtifactStore(r.root).resolve('../escape.json')).toThrow(/outside the store/)
  })
})
