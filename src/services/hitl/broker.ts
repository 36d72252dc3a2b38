/**
 * Execution goes through a broker adapter. The default simulates (status `simulated`, market
 * orders at the catalogue's reference price); `http` sends each order to a configured broker
 * endpoint, whose fills are `filled`. Every order carries a client order id derived from the
 * approval request, so a retried execution is recognisable by the broker as the same order.
 */
import { createHash } from 'node:crypto'
import { instrumentBySymbol } from './instruments.js'

export interface OrderRequest {
  clientOrderId: string
  symbol: string
  side: 'buy' | 'sell'
  quantity: number
  /** Absent for a market order. */
  price?: number
}

export interface OrderFill {
  order_id: string
  status: 'filled' | 'simulated'
  symbol: string
  side: 'buy' | 'sell'
  quantity: number
  price?: number
}

export interface Broker {
  readonly name: string
  place(order: OrderRequest, now: Date): Promise<OrderFill>
}

/** An outside failure a user can act on (retry later); the message is shown as is. */
export class BrokerError extends Error {}

const day = (now: Date) => now.toISOString().slice(0, 10).replace(/-/g, '')
const shortHash = (s: string) => parseInt(createHash('sha256').update(s).digest('hex').slice(0, 8), 16) % 1_000_000

export const simulatedBroker: Broker = {
  name: 'simulated',
  async place(order, now) {
    const price = order.price ?? (instrumentBySymbol(order.symbol)?.refPrice || undefined)
    return {
      order_id: `sim_${day(now)}_${String(shortHash(order.clientOrderId)).padStart(6, '0')}`,
      status: 'simulated',
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      ...(price !== undefined ? { price } : {}),
    }
  },
}

/**
 * A broker behind HTTP: `POST {base}/orders` with `{client_order_id, symbol, side, quantity,
 * price|null}` answering `{order_id, price, quantity}` for a fill.
 */
export function httpBroker(baseUrl: string, timeoutMs = 10_000): Broker {
  return {
    name: 'http',
    async place(order) {
      let res: Response
      try {
        res = await fetch(`${baseUrl}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': order.clientOrderId },
          body: JSON.stringify({
            client_order_id: order.clientOrderId,
            symbol: order.symbol,
            side: order.side,
            quantity: order.quantity,
            price: order.price ?? null,
          }),
          signal: AbortSignal.timeout(timeoutMs),
        })
      } catch {
        throw new BrokerError('증권사 연결에 실패해 주문을 실행하지 못했습니다. 같은 결정을 다시 보내면 재시도합니다')
      }
      if (!res.ok) throw new BrokerError(`증권사가 주문을 거절했습니다(HTTP ${res.status}). 같은 결정을 다시 보내면 재시도합니다`)
      const body = (await res.json().catch(() => null)) as { order_id?: unknown; price?: unknown; quantity?: unknown } | null
      if (!body || typeof body.order_id !== 'string') throw new BrokerError('증권사 응답을 이해하지 못했습니다. 같은 결정을 다시 보내면 재시도합니다')
      const price = typeof body.price === 'number' && body.price > 0 ? body.price : order.price
      return {
        order_id: body.order_id,
        status: 'filled',
        symbol: order.symbol,
        side: order.side,
        quantity: typeof body.quantity === 'number' && Number.isInteger(body.quantity) && body.quantity > 0 ? body.quantity : order.quantity,
        ...(price !== undefined ? { price } : {}),
      }
    },
  }
}
