/**
 * Placing an approved plan's orders: one at a time, in the plan's order, each recorded PENDING
 * before the broker hears of it and with its answer after. The first failure stops the plan: the
 * approval was for the whole list, and what follows a failed order (a buy paid for by a sale that
 * did not happen) is not what was approved. The orders not sent are SKIPPED, with the reason.
 */
import type { TradeOrder } from '../../../generated/operator/sdk/types.gen.js'
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'
import type { Broker } from './broker/broker.js'
import type { ExecutionStatus } from './tables.js'
import * as repo from './repo.js'

export interface PlacementResult {
  status: ExecutionStatus
  error: string | null
}

/** "BUY 000660 × 10": an order in a sentence. */
export const orderBrief = (o: TradeOrder) => `${o.action} ${o.symbol} × ${o.quantity}`

/** The orders after `seq` in words: "3", "3~5". */
const rest = (seq: number, n: number) => (seq + 1 === n ? `${n}` : `${seq + 1}~${n}`)

/**
 * Sends the QUEUED orders of a claimed execution to the broker and records every outcome. `done`
 * is what a placed order becomes (SUBMITTED in LIVE, SIMULATED in DRY_RUN); the execution gets
 * `done` when all were placed, FAILED when the first one failed, PARTIAL in between.
 */
export async function placeOrders(
  db: Kysely<Database>,
  broker: Broker,
  executionId: string,
  orders: repo.OrderRow[],
  done: 'SUBMITTED' | 'SIMULATED',
  now: () => string,
): Promise<PlacementResult> {
  const n = orders.length
  for (const o of orders) {
    await repo.updateOrder(db, executionId, o.seq, { status: 'PENDING', broker_order_id: null, error: null, updated_at: now() })
    const placed = await broker.place({ client_order_id: o.client_order_id, action: o.action, symbol: o.symbol, quantity: o.quantity, price: o.price })
    if (placed.ok) {
      await repo.updateOrder(db, executionId, o.seq, { status: done, broker_order_id: placed.orderId, error: null, updated_at: now() })
      continue
    }
    await repo.updateOrder(db, executionId, o.seq, { status: 'FAILED', broker_order_id: null, error: placed.error, updated_at: now() })
    let error = `주문 ${o.seq}/${n}(${orderBrief(o)}) 실패: ${placed.error.replace(/\.$/, '')}.`
    if (o.seq < n) {
      await repo.skipQueued(db, executionId, `주문 ${o.seq} 실패로 보내지 않았습니다.`, now())
      error += ` 주문 ${rest(o.seq, n)}은(는) 보내지 않았습니다.`
    }
    return { status: o.seq === 1 ? 'FAILED' : 'PARTIAL', error: error.slice(0, 1000) }
  }
  return { status: done, error: null }
}
