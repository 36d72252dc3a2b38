/**
 * `execute_trade_node` / `execute_rebalance_node`: places the (possibly modified) order through
 * the broker once per client order id; the `{action}_executed` flag makes a re-run a no-op. A
 * broker failure is said and streamed (`outcome` failed) and thrown: the thread waits here and
 * the same decision retries.
 */
import type { OrderFill } from './broker.js'
import { BrokerError } from './broker.js'
import type { ChatStateValue, GraphEffects } from './graph-state.js'
import type { ApprovalResult, Kind, RebalanceProposal, TradeProposal } from './types.js'
import { actionOf } from './types.js'
import * as say from './wording.js'

export const executeNode = (fx: GraphEffects, node: 'execute_trade_node' | 'execute_rebalance_node', kind: Kind) =>
  async function run(s: ChatStateValue) {
    const action = actionOf(kind)
    await fx.step(s.thread_id, node)
    if (s.flags[`${action}_executed`]) return {}
    const clientId = s.request_id ?? s.thread_id
    const decision = s.decision?.auto ? 'auto' : (s.decision?.decision ?? 'approved')
    let result: ApprovalResult
    try {
      if (kind === 'trading') {
        const p = s.proposal as TradeProposal
        const fill = await fx.placeOnce(s.thread_id, { clientOrderId: clientId, symbol: p.symbol, side: p.side, quantity: p.quantity, price: p.price })
        result = { ...fill }
      } else {
        const p = s.proposal as RebalanceProposal
        const fills: OrderFill[] = []
        for (const [i, leg] of p.trades.entries()) {
          fills.push(
            await fx.placeOnce(s.thread_id, {
              clientOrderId: `${clientId}:${i}`,
              symbol: leg.symbol,
              side: leg.side,
              quantity: leg.quantity,
              price: leg.price,
            }),
          )
        }
        const status = fills.every((f) => f.status === 'simulated') ? ('simulated' as const) : ('filled' as const)
        const day = fx.now().slice(0, 10).replace(/-/g, '')
        result = {
          rebalance_id: `${status === 'simulated' ? 'sim_rb' : 'rb'}_${day}_${clientId.slice(0, 8)}`,
          status,
          trades: fills.map((f) => ({ symbol: f.symbol, side: f.side, quantity: f.quantity, ...(f.price !== undefined ? { price: f.price } : {}) })),
          order_ids: fills.map((f) => f.order_id),
        }
      }
    } catch (e) {
      if (e instanceof BrokerError) {
        await fx.say(s.thread_id, node, `⚠️ ${e.message}`, null)
        await fx.event(s.thread_id, 'outcome', { decision: s.decision?.decision ?? null, status: 'failed', message: e.message, result: null }, null)
      }
      throw e
    }
    const message = say.outcomeMessage(kind, decision, result, s.proposal)
    await fx.say(s.thread_id, node, message, 'outcome')
    await fx.event(s.thread_id, 'outcome', { decision: s.decision?.decision ?? 'approved', status: 'executed', message, result }, 'outcome')
    return { result, outcome: 'executed' as const, flags: { [`${action}_executed`]: true } }
  }
