/**
 * A broker reached over HTTP (OPERATOR_BROKER=http): `POST {OPERATOR_BROKER_URL}` with the order
 * as JSON and `Authorization: Bearer {OPERATOR_BROKER_TOKEN}`; a 2xx answer carries `order_id`.
 * A refusal (4xx) or an unreachable broker is a failed order with the reason, never a throw:
 * the execution record says what happened.
 */
import type { Broker, BrokerOrder, BrokerResult } from './broker.js'

const TIMEOUT_MS = 10_000

export function httpBroker(url: string, token: string | null, fetchImpl: typeof fetch = fetch, timeoutMs = TIMEOUT_MS): Broker {
  return {
    name: 'http',
    live: true,
    async place(order: BrokerOrder): Promise<BrokerResult> {
      const body = {
        client_order_id: order.client_order_id,
        side: order.action,
        symbol: order.symbol,
        quantity: order.quantity,
        order_type: order.price === null ? 'MARKET' : 'LIMIT',
        price: order.price,
      }
      let res: Response
      try {
        res = await fetchImpl(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        })
      } catch (e) {
        // A timeout means the order may have arrived: say so, rather than "not connected".
        if ((e as Error).name === 'TimeoutError') {
          return { ok: false, error: `브로커가 ${timeoutMs / 1000}초 안에 답하지 않았습니다. 주문이 들어갔는지 브로커에서 확인하세요` }
        }
        return { ok: false, error: `브로커에 연결하지 못했습니다: ${(e as Error).message}` }
      }
      const text = await res.text().catch(() => '')
      let parsed: Record<string, unknown> = {}
      try {
        parsed = text ? JSON.parse(text) : {}
      } catch {
        // a non-JSON answer: its status says enough
      }
      if (res.ok && typeof parsed.order_id === 'string' && parsed.order_id) return { ok: true, orderId: parsed.order_id.slice(0, 128) }
      // Accepted without an order id: the order may exist, but nothing can follow it up.
      if (res.ok) return { ok: false, error: `브로커 응답에 order_id가 없습니다(HTTP ${res.status}). 브로커에서 주문을 확인하세요.` }
      const reason = typeof parsed.message === 'string' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : text.slice(0, 200)
      return { ok: false, error: `브로커가 주문을 거부했습니다(HTTP ${res.status})${reason ? `: ${reason}` : ''}`.slice(0, 1000) }
    },
  }
}
