/**
 * The outside services through real HTTP on loopback: an OpenAI-compatible LLM endpoint behind
 * the understanding interface (used when it answers well, the parser when it fails), and an HTTP
 * broker adapter (fills are `filled`; a broker failure is a 500 broker_error, and the same
 * decision sent again retries the execution once).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { startHitl, type Running } from './harness.js'

interface Fake {
  url: string
  requests: { path: string; headers: IncomingMessage['headers']; body: any }[]
  reply: (body: any) => { status: number; body: unknown }
  server: HttpServer
}

async function fake(reply: Fake['reply']): Promise<Fake> {
  const f = { requests: [], reply } as unknown as Fake
  f.server = createHttpServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : null
      f.requests.push({ path: req.url!, headers: req.headers, body })
      const out = f.reply(body)
      res.writeHead(out.status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(out.body))
    })
  })
  await new Promise<void>((r) => f.server.listen(0, '127.0.0.1', r))
  f.url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}/v1`
  return f
}
const closeFake = (f: Fake) => new Promise((r) => f.server.close(r))

describe('LLM understanding (OpenAI-compatible, optional)', () => {
  let llm: Fake
  let h: Running
  beforeAll(async () => {
    llm = await fake((body) => {
      const text: string = body.messages[1].content
      if (text.includes('broken')) return { status: 503, body: { error: 'down' } }
      if (text.includes('guess'))
        return { status: 200, body: { choices: [{ message: { content: '{"kind":"trading","symbol":"005930","side":"buy","quantity":0}' } }] } }
      return {
        status: 200,
        body: { choices: [{ message: { content: JSON.stringify({ kind: 'trading', symbol: '035420', side: 'buy', quantity: 4, price: 187000 }) } }] },
      }
    })
    h = await startHitl({ HITL_LLM_BASE_URL: llm.url, HITL_LLM_API_KEY: 'sk-test-llm-key', HITL_LLM_MODEL: 'test-model' })
  })
  afterAll(async () => {
    await h.stop()
    await closeFake(llm)
  })

  it('uses the LLM answer for a request the parser would refuse, sending model and key', async () => {
    const t = await h.start({ message: '네이버 좀 담아줘, 4주 정도 지금 가격에' })
    expect(t.proposal).toMatchObject({ symbol: '035420', name: 'NAVER', side: 'buy', quantity: 4, price: 187000 })
    const call = llm.requests.at(-1)!
    expect(call.path).toBe('/v1/chat/completions')
    expect(call.headers.authorization).toBe('Bearer sk-test-llm-key')
    expect(call.body).toMatchObject({ model: 'test-model', temperature: 0 })
  })

  it('falls back to the parser when the LLM fails or answers something invalid', async () => {
    const down = await h.start({ message: 'broken: 삼성전자 2주 76300원에 매수' })
    expect(down.proposal).toMatchObject({ symbol: '005930', quantity: 2 })
    const bad = await sdk.createApprovalThread({ client: h.client, body: { message: 'guess 삼성전자 좀 사줘' } })
    expect(bad.response.status).toBe(422)
    expect(bad.error).toMatchObject({ error: 'request_not_understood', detail: { reason: 'missing_quantity' } })
  })
})

describe('HTTP broker adapter', () => {
  let broker: Fake
  let h: Running
  let failNext = 0
  let failLeg1 = 0
  beforeAll(async () => {
    broker = await fake((body) => {
      if (failLeg1 > 0 && body.client_order_id.endsWith(':1')) {
        failLeg1--
        return { status: 502, body: { error: 'gateway' } }
      }
      if (failNext > 0) {
        failNext--
        return { status: 503, body: { error: 'maintenance' } }
      }
      return { status: 200, body: { order_id: `ord_${body.client_order_id.slice(0, 8)}`, price: body.price ?? 75000, quantity: body.quantity } }
    })
    h = await startHitl({ HITL_BROKER: 'http', HITL_BROKER_URL: broker.url })
  })
  afterAll(async () => {
    await h.stop()
    await closeFake(broker)
  })

  it('a configured broker fills: status filled', async () => {
    const t = await h.start({ message: '삼성전자 3주 시장가 매수' })
    expect(t.broker).toBe('http')
    const res = await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })
    expect(res.data).toMatchObject({ result: { status: 'filled', quantity: 3, price: 75000 } })
    expect(res.data!.message).toBe('✅ 승인 완료 - 삼성전자 3주 매수 주문이 체결되었습니다')
    expect(broker.requests.at(-1)!.body).toMatchObject({ symbol: '005930', side: 'buy', quantity: 3, price: null })
  })

  it('a broker failure is 500 broker_error; the same decision again retries and executes once', async () => {
    const t = await h.start({ message: '삼성전자 4주 76300원에 매수' })
    const before = broker.requests.length
    failNext = 1
    const failed = await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })
    expect(failed.response.status).toBe(500)
    expect(failed.error).toMatchObject({ success: false, error: 'broker_error', detail: { current_node: 'execute_trade_node' } })
    const mid = (await sdk.getThread({ client: h.client, path: { thread_id: t.thread_id } })).data!
    expect(mid).toMatchObject({ status: 'failed', current_node: 'execute_trade_node', flags: { trade_approved: true } })
    expect(mid.flags.trade_executed).toBeUndefined()

    const retried = await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })
    expect(retried.response.status).toBe(200)
    expect(retried.data).toMatchObject({ no_op: false, graph_completed: true, result: { status: 'filled', quantity: 4 } })
    const again = await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })
    expect((again.data as any).no_op).toBe(true)
    // One failed attempt and one fill, both under the same client order id.
    const mine = broker.requests.slice(before)
    expect(mine).toHaveLength(2)
    expect(new Set(mine.map((r) => r.body.client_order_id)).size).toBe(1)
  })

  it('a rebalance that failed at its second leg resends only that leg on retry', async () => {
    const t = await h.start({ message: '리밸런싱 해줘' })
    const before = broker.requests.length
    failLeg1 = 1
    const failed = await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })
    expect(failed.response.status).toBe(500)
    expect(failed.error).toMatchObject({ error: 'broker_error', detail: { current_node: 'execute_rebalance_node' } })
    const retried = await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })
    expect(retried.data).toMatchObject({
      graph_completed: true,
      result: {
        status: 'filled',
        trades: [
          { symbol: '005930', quantity: 20 },
          { symbol: '069500', quantity: 45 },
        ],
      },
    })
    const sent = broker.requests.slice(before).map((r) => r.body.client_order_id.split(':')[1])
    // Leg 0 once, leg 1 failed then filled: three requests, never leg 0 again.
    expect(sent).toEqual(['0', '1', '1'])
  })
})
