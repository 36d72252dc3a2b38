/**
 * A broker on loopback (port 0) for the `http` adapter: records every order it receives and
 * answers `{order_id}`, or refuses with 400 when told to (every order, or the ones a rule picks),
 * and can hold its answer to an order until the test lets it go.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeBroker {
  url: string
  orders: { authorization: string | undefined; body: Record<string, any> }[]
  /** Refuse every order with this message. */
  refuse: string | null
  /** Refuse the orders for which this returns a message. */
  refuseWhen: ((body: Record<string, any>) => string | null) | null
  /** Accept with 200 but without an order id. */
  forgetOrderId: boolean
  /** Answer an order only once the promise this returns settles (null: answer at once). */
  holdWhen: ((body: Record<string, any>) => Promise<void> | null) | null
  close(): Promise<void>
}

export async function startFakeBroker(): Promise<FakeBroker> {
  const broker: FakeBroker = { url: '', orders: [], refuse: null, refuseWhen: null, forgetOrderId: false, holdWhen: null, close: async () => {} }
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', async () => {
      const body = JSON.parse(raw)
      broker.orders.push({ authorization: req.headers.authorization, body })
      await broker.holdWhen?.(body)
      res.setHeader('Content-Type', 'application/json')
      const refusal = broker.refuse ?? broker.refuseWhen?.(body) ?? null
      if (refusal) {
        res.statusCode = 400
        return res.end(JSON.stringify({ message: refusal }))
      }
      if (broker.forgetOrderId) return res.end(JSON.stringify({ accepted: true }))
      res.end(JSON.stringify({ order_id: `KRX-${body.client_order_id}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  broker.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`
  broker.close = () => new Promise((resolve) => server.close(() => resolve()))
  return broker
}
