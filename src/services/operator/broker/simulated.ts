/**
 * The simulated broker of DRY_RUN: accepts every well-formed order at once and answers a
 * recognisable order id (`SIM-{client_order_id}`); nothing leaves the process.
 */
import type { Broker } from './broker.js'

export const simulatedBroker: Broker = {
  name: 'simulated',
  live: false,
  async place(order) {
    return { ok: true, orderId: `SIM-${order.client_order_id}` }
  },
}
