/**
 * The nodes before the approval: understand the request, then prepare the order (trading) or
 * analyse the holdings and propose a rebalance. Each values its order (in KRW for hitl_config,
 * USD legs converted at the rate then current).
 */
import { randomUUID } from 'node:crypto'
import { valueLegs } from './fx.js'
import { type ChatStateValue, type GraphEffects, NotUnderstoodError } from './graph-state.js'
import { instrumentBySymbol } from './instruments.js'
import { DEMO_PORTFOLIO, RebalanceInputError, planRebalance, portfolioOf } from './rebalance.js'
import type { Intent, RebalanceProposal, TradeProposal } from './types.js'

import * as say from './wording.js'

export function preparingNodes(fx: GraphEffects) {
  async function understand(s: ChatStateValue) {
    await fx.step(s.thread_id, 'understand_request_node')
    const { input } = s
    let intent: Intent
    if (input.kind && input.proposal) {
      intent =
        input.kind === 'trading'
          ? { kind: 'trading', proposal: input.proposal as TradeProposal }
          : { kind: 'rebalance', target_weights: (input.proposal as RebalanceProposal).target_weights ?? null }
    } else {
      const understood = await fx.understander.understand(input.message ?? '')
      if (!understood.ok) throw new NotUnderstoodError(understood.reason, understood.hint)
      intent = understood.intent
      if (input.kind && input.kind !== intent.kind) {
        throw new NotUnderstoodError('kind_mismatch', input.kind === 'trading' ? '매매 요청으로 이해하지 못했습니다' : '리밸런싱 요청으로 이해하지 못했습니다')
      }
    }
    await fx.kindKnown(s.thread_id, intent.kind)
    return { intent, kind: intent.kind }
  }

  async function prepareTrade(s: ChatStateValue) {
    await fx.step(s.thread_id, 'prepare_trade_node')
    const p = (s.intent as Extract<Intent, { kind: 'trading' }>).proposal
    const name = p.name ?? instrumentBySymbol(p.symbol)?.name
    const proposal: TradeProposal = { ...p, ...(name ? { name } : {}) }
    const value = await valueLegs([proposal], fx.usdKrw)
    return { proposal, value, amount: value.amount_krw, request_id: randomUUID(), flags: { trade_prepared: true } }
  }

  async function analysePortfolio(s: ChatStateValue) {
    await fx.step(s.thread_id, 'analyse_portfolio_node')
    const { input } = s
    // A structured proposal without holdings has nothing to analyse; otherwise the user's
    // holdings, or the demo portfolio when none were given.
    if (input.proposal && !input.holdings) return { portfolio: null }
    const portfolio = input.holdings ? portfolioOf(input.holdings, input.cash ?? 0) : portfolioOf(DEMO_PORTFOLIO.holdings, DEMO_PORTFOLIO.cash)
    await fx.say(s.thread_id, 'analyse_portfolio_node', say.describePortfolio(portfolio), 'portfolio')
    return { portfolio }
  }

  async function proposeRebalance(s: ChatStateValue) {
    await fx.step(s.thread_id, 'propose_rebalance_node')
    const { input } = s
    let proposal: RebalanceProposal
    if (input.proposal) proposal = input.proposal as RebalanceProposal
    else {
      const intent = s.intent as Extract<Intent, { kind: 'rebalance' }>
      const targets = input.target_weights ?? intent.target_weights ?? (input.holdings ? null : DEMO_PORTFOLIO.targets)
      if (!targets) throw new NotUnderstoodError('missing_targets', '목표 비중을 알려주세요 (예 "005930 30% 069500 70%로 리밸런싱" 또는 target_weights)')
      let trades: ReturnType<typeof planRebalance>
      try {
        trades = planRebalance(s.portfolio!, targets)
      } catch (e) {
        if (e instanceof RebalanceInputError) throw new NotUnderstoodError('invalid_rebalance', `리밸런싱을 계산할 수 없습니다 - ${e.message}`)
        throw e
      }
      if (!trades.length) {
        await fx.say(s.thread_id, 'propose_rebalance_node', '이미 목표 비중에 맞습니다. 낼 주문이 없습니다.', 'no-trades')
        await fx.event(s.thread_id, 'outcome', { decision: null, status: 'executed', message: '이미 목표 비중에 맞습니다', result: null }, 'outcome')
        return { outcome: 'no_trades' as const, flags: { rebalance_prepared: false } }
      }
      const from = Object.entries(s.portfolio!.weights)
        .map(([sym, w]) => `${sym} ${(w * 100).toFixed(1)}% → ${((targets[sym] ?? 0) * 100).toFixed(1)}%`)
        .join(', ')
      proposal = { target_weights: targets, trades, reason: `목표 비중으로 조정: ${from}`.slice(0, 1000) }
    }
    const value = await valueLegs(proposal.trades, fx.usdKrw)
    return { proposal, value, amount: value.amount_krw, request_id: randomUUID(), flags: { rebalance_prepared: true } }
  }

  return { understand, prepareTrade, analysePortfolio, proposeRebalance }
}
