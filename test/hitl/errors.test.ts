/**
 * Every error case of the hitl API over HTTP, in its own shape `{success:false, error, message}`:
 * unknown thread, not waiting, conflicting decision, invalid modifications, a request not
 * understood, an existing thread id, and missing or wrong credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { startHitl, type Running } from './harness.js'

let h: Running
beforeAll(async () => {
  h = await startHitl()
})
afterAll(() => h.stop())

const approve = (body: Record<string, unknown>) => sdk.approveDecision({ client: h.client, body: body as any })

describe('approve errors', () => {
  it('404 thread_not_found for an unknown thread', async () => {
    const res = await approve({ thread_id: 'no-such-thread', decision: 'approved' })
    expect(res.response.status).toBe(404)
    expect(res.error).toMatchObject({ success: false, error: 'thread_not_found', detail: { thread_id: 'no-such-thread' } })
  })

  it('404 not_awaiting_approval for a thread that completed without waiting (hitl_config never)', async () => {
    const t = await h.start({ message: '삼성전자 1주 76300원에 매수', hitl_config: { trade: 'never' } })
    expect(t).toMatchObject({ status: 'completed', approval_requests: [], flags: { trade_prepared: true, trade_approved: true, trade_executed: true } })
    const res = await approve({ thread_id: t.thread_id, decision: 'approved' })
    expect(res.response.status).toBe(404)
    expect(res.error).toMatchObject({ error: 'not_awaiting_approval', detail: { current_node: '__end__' } })
  })

  it('409 already_decided for a different decision; the same one again is a 200 no-op that executes nothing', async () => {
    const t = await h.start({ message: '삼성전자 2주 76300원에 매수' })
    const first = await approve({ thread_id: t.thread_id, decision: 'approved' })
    const again = await approve({ thread_id: t.thread_id, decision: 'approved' })
    expect(again.response.status).toBe(200)
    expect(again.data).toMatchObject({ no_op: true, result: first.data!.result, message: 'ℹ️ 이미 승인된 요청입니다 - 다시 실행하지 않았습니다' })
    const other = await approve({ thread_id: t.thread_id, decision: 'rejected' })
    expect(other.response.status).toBe(409)
    expect(other.error).toMatchObject({ error: 'already_decided', detail: { previous_decision: 'approved', requested_decision: 'rejected' } })
    const modifiedOther = await approve({ thread_id: t.thread_id, decision: 'modified', modifications: { quantity: 1 } })
    expect(modifiedOther.response.status).toBe(409)
    const state = (await sdk.getThread({ client: h.client, path: { thread_id: t.thread_id } })).data!
    expect(state.user_decisions).toHaveLength(1)
    expect(state.messages.filter((m) => m.node === 'execute_trade_node')).toHaveLength(1)
  })

  it.each([
    ['zero quantity', { quantity: 0 }, '/body/modifications/quantity'],
    ['negative quantity', { quantity: -5 }, '/body/modifications/quantity'],
    ['non-numeric price', { price: 'cheap' }, '/body/modifications/price'],
    ['non-positive price', { price: 0 }, '/body/modifications/price'],
    ['an unknown key', { leverage: 3 }, '/body/modifications/leverage'],
    ['a rebalance key on a trade', { target_weights: { '005930': 1 } }, '/body/modifications/target_weights'],
  ])('422 invalid_modifications for %s, and the thread still waits', async (_label, modifications, pointer) => {
    const t = await h.start({ message: '삼성전자 3주 76300원에 매수' })
    const res = await approve({ thread_id: t.thread_id, decision: 'modified', modifications })
    expect(res.response.status).toBe(422)
    expect(res.error).toMatchObject({ success: false, error: 'invalid_modifications' })
    expect((res.error as any).detail.errors.map((e: any) => e.pointer)).toContain(pointer)
    const state = (await sdk.getThread({ client: h.client, path: { thread_id: t.thread_id } })).data!
    expect(state.status).toBe('awaiting_approval')
    expect(state.user_decisions).toEqual([])
  })

  it('422 when modified has no modifications, or approved carries some', async () => {
    const t = await h.start({ message: '삼성전자 3주 76300원에 매수' })
    const missing = await approve({ thread_id: t.thread_id, decision: 'modified' })
    expect(missing.response.status).toBe(422)
    expect(missing.error).toMatchObject({ error: 'invalid_modifications', detail: { errors: [{ pointer: '/body/modifications', type: 'required' }] } })
    const extra = await approve({ thread_id: t.thread_id, decision: 'approved', modifications: { quantity: 2 } })
    expect(extra.response.status).toBe(422)
  })

  it('422 validation_error for an unknown decision', async () => {
    const res = await approve({ thread_id: 'x1', decision: 'maybe' })
    expect(res.response.status).toBe(422)
    expect(res.error).toMatchObject({ error: 'validation_error', detail: { errors: [{ pointer: '/body/decision' }] } })
  })
})

describe('start errors', () => {
  it.each([
    ['삼성전자 좀 사줘', 'missing_quantity'],
    ['hello there', 'no_action'],
    ['005930 10주 매수', 'missing_price'],
  ])('422 request_not_understood for "%s" (%s), and the thread id stays free', async (message, reason) => {
    const res = await sdk.createApprovalThread({ client: h.client, body: { thread_id: `nu-${reason}`, message } })
    expect(res.response.status).toBe(422)
    expect(res.error).toMatchObject({ success: false, error: 'request_not_understood', detail: { reason, message } })
    expect((res.error as any).message).toMatch(/^요청을 이해하지 못했습니다 - /)
    expect((await sdk.getThread({ client: h.client, path: { thread_id: `nu-${reason}` } })).response.status).toBe(404)
  })

  it('409 thread_exists for a thread id already used', async () => {
    await h.start({ thread_id: 'dup-1', message: '삼성전자 1주 76300원에 매수' })
    const res = await sdk.createApprovalThread({ client: h.client, body: { thread_id: 'dup-1', message: '삼성전자 1주 76300원에 매수' } })
    expect(res.response.status).toBe(409)
    expect(res.error).toMatchObject({ error: 'thread_exists' })
  })

  it('422 when a proposal does not match its kind', async () => {
    const res = await sdk.createApprovalThread({
      client: h.client,
      body: { kind: 'rebalance', proposal: { symbol: '005930', side: 'buy', quantity: 1, price: 1 } },
    })
    expect(res.response.status).toBe(422)
    expect(res.error).toMatchObject({ error: 'validation_error', detail: { errors: [{ pointer: '/body/proposal' }] } })
  })
})

describe('reads and credentials', () => {
  it('404 thread_not_found on read and on the event stream', async () => {
    expect((await sdk.getThread({ client: h.client, path: { thread_id: 'nope' } })).error).toMatchObject({ error: 'thread_not_found' })
    const ev = await fetch(`${h.base}/api/v1/chat/threads/nope/events?wait=0`, { headers: h.auth })
    expect(ev.status).toBe(404)
  })

  it.each([
    ['no credential', {}],
    ['a wrong token', { Authorization: 'Bearer wrong-token-0123456789abcdef' }],
  ])('401 unauthorized with %s', async (_label, headers) => {
    const res = await fetch(`${h.base}/api/v1/chat/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ thread_id: 'x', decision: 'approved' }),
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ success: false, error: 'unauthorized' })
  })

  it('415 and 413 in the hitl shape', async () => {
    const plain = await fetch(`${h.base}/api/v1/chat/approve`, { method: 'POST', headers: { ...h.auth, 'content-type': 'text/plain' }, body: 'x' })
    expect(plain.status).toBe(415)
    expect(await plain.json()).toMatchObject({ success: false, error: 'unsupported_media_type' })
    const big = await fetch(`${h.base}/api/v1/chat/threads`, {
      method: 'POST',
      headers: { ...h.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x'.repeat(2 * 1024 * 1024) }),
    })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ success: false, error: 'payload_too_large' })
  })
})
