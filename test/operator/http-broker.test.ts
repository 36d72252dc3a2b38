/**
 * The http broker adapter against a real loopback broker: an answer that never comes is a
 * failure that says the order may have arrived (check with the broker), and an unreachable
 * broker is a failure that says it was not reached; neither throws.
 */
import { createServer } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { httpBroker } from '../../src/services/operator/broker/http.js'
import { startFakeBroker, type FakeBroker } from './fake-broker.js'

let broker: FakeBroker
let release!: () => void
beforeAll(async () => {
  broker = await startFakeBroker()
  const never = new Promise<void>((resolve) => (release = resolve))
  broker.holdWhen = () => never
})
afterAll(async () => {
  release()
  await broker?.close()
})

const order = { client_order_id: 'plan_x-1', action: 'BUY' as const, symbol: '005930', quantity: 1, price: null }

it('an unanswered order: the broker may have it, so the operator is told to check', async () => {
  const result = await httpBroker(broker.url, null, fetch, 300).place(order)
  expect(result).toEqual({ ok: false, error: '브로커가 0.3초 안에 답하지 않았습니다. 주문이 들어갔는지 브로커에서 확인하세요' })
})

it('an unreachable broker: not connected', async () => {
  // A port that was just free: nothing listens there any more.
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as { port: number }).port
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  const result = await httpBroker(`http://127.0.0.1:${port}/orders`, null).place(order)
  expect(result.ok).toBe(false)
  expect((result as { error: string }).error).toMatch(/^브로커에 연결하지 못했습니다: /)
})
