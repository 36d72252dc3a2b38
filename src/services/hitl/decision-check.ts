/**
 * What a decision may ask, checked before the graph is resumed (the schema already refused
 * unknown keys, non-positive quantities and prices): modifications only with `modified`, only
 * the keys of the thread's kind, and a rebalance by new weights must be computable and trade.
 * Returns the proposal to execute, or the issues of a 422 invalid_modifications.
 */
import { RebalanceInputError, planRebalance } from './rebalance.js'
import type { Decision, Kind, Modifications, Portfolio, Proposal, RebalanceProposal, TradeProposal } from './types.js'

export interface Issue {
  pointer: string
  message: string
  type: string
}

export type Checked = { ok: true; proposal: Proposal | null } | { ok: false; message: string; issues: Issue[] }

const fail = (message: string, pointer: string, type: string): Checked => ({ ok: false, message, issues: [{ pointer, message, type }] })

const TRADE_KEYS = ['quantity', 'price']
const REBALANCE_KEYS = ['target_weights', 'trades']

export function checkDecision(
  kind: Kind,
  decision: Decision,
  modifications: Modifications | undefined,
  proposal: Proposal,
  portfolio: Portfolio | null,
): Checked {
  if (decision !== 'modified') {
    if (modifications !== undefined) return fail(`decision이 ${decision}이면 modifications를 보낼 수 없습니다`, '/body/modifications', 'not_allowed')
    return { ok: true, proposal: null }
  }
  if (!modifications) return fail('decision이 modified이면 modifications가 필요합니다', '/body/modifications', 'required')
  const allowed = kind === 'trading' ? TRADE_KEYS : REBALANCE_KEYS
  for (const key of Object.keys(modifications)) {
    if (!allowed.includes(key)) {
      return fail(
        `${kind === 'trading' ? '매매' : '리밸런싱'} 스레드에서는 ${key}를 수정할 수 없습니다 (가능: ${allowed.join(', ')})`,
        `/body/modifications/${key}`,
        'kind_mismatch',
      )
    }
  }
  if (kind === 'trading') {
    const p = proposal as TradeProposal
    return {
      ok: true,
      proposal: {
        ...p,
        ...(modifications.quantity !== undefined ? { quantity: modifications.quantity } : {}),
        ...(modifications.price !== undefined ? { price: modifications.price } : {}),
      },
    }
  }
  const p = proposal as RebalanceProposal
  if (modifications.trades && modifications.target_weights) return fail('target_weights와 trades 중 하나만 수정할 수 있습니다', '/body/modifications', 'oneOf')
  if (modifications.trades) return { ok: true, proposal: { ...p, trades: modifications.trades, reason: p.reason } }
  if (!portfolio)
    return fail(
      '보유 종목 없이 만든 리밸런싱은 target_weights로 수정할 수 없습니다 - trades를 보내 주세요',
      '/body/modifications/target_weights',
      'no_portfolio',
    )
  try {
    const trades = planRebalance(portfolio, modifications.target_weights!)
    if (!trades.length) return fail('새 목표 비중으로는 낼 주문이 없습니다', '/body/modifications/target_weights', 'no_trades')
    return { ok: true, proposal: { ...p, target_weights: modifications.target_weights, trades } }
  } catch (e) {
    if (e instanceof RebalanceInputError) return fail(`리밸런싱을 계산할 수 없습니다 - ${e.message}`, '/body/modifications/target_weights', 'invalid')
    throw e
  }
}
