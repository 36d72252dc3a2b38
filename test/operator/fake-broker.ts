/**
 * A broker on loopback (port 0) for the `http` adapter: records every order it receives and
 * answers `{order_id}`, or refuses with 400 when told to.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeBroker {
  url: string
  orders: { authorization: string | undefined; body: Record<string, any> }[]
  refuse: string | null
  /** Accept with 200 but without an order id. */
  forgetOrderId: boolean
  close(): Promise<void>
}

export async function startFakeBroker(): Promise<FakeBroker> {
  const broker: FakeBroker = { url: '', orders: [], refuse: null, forgetOrderId: false, close: async () => {} }
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const body = JSON.parse(raw)
      broker.orders.push({ authorization: req.headers.authorization, body })
      res.setHeader('Content-Type', 'application/json')
      if (broker.refuse) {
        res.statusCode = 400
        return res.end(JSON.stringify({ message: broker.refuse }))
      }
      if (broker.forgetOrderId) return res.end(JSON.stringify({ accepted: true }))
      res.end(JSON.stringify({ order_id: `KRX-${body.client_order_id}-${broker.orders.length}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  broker.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`
  broker.close = () => new Promise((resolve) => server.close(() => resolve()))
  return broker
}
