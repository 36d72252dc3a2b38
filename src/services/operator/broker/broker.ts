/**
 * Where approved orders go. DRY_RUN always uses the simulated broker; LIVE uses the adapter
 * named by OPERATOR_BROKER and refuses (503) when that is only `simulated`.
 */
import type { OperatorConfig } from '../../../config.js'
import { httpBroker } from './http.js'
import { simulatedBroker } from './simulated.js'

export interface BrokerOrder {
  /** `{plan_id}-{seq}`: unique per order of a plan, so a broker can refuse a duplicate on its side too. */
  client_order_id: string
  action: 'BUY' | 'SELL'
  symbol: string
  quantity: number
  /** null: market order. */
  price: number | null
}

export type BrokerResult = { ok: true; orderId: string } | { ok: false; error: string }

export interface Broker {
  name: string
  /** Whether it places real orders (LIVE needs one that does). */
  live: boolean
  place(order: BrokerOrder): Promise<BrokerResult>
}

/** The adapter for LIVE orders, or null when none is configured. */
export function liveBroker(config: OperatorConfig, fetchImpl: typeof fetch = fetch): Broker | null {
  if (config.broker === 'http' && config.brokerUrl) return httpBroker(config.brokerUrl, config.brokerToken, fetchImpl)
  return null
}

export { simulatedBroker }
