/**
 * The short, friendly Korean sentences the conversation log and the approve response carry
 * (toasts and dialogs show them as they are).
 */
import { currencyOf, type Valuation } from './fx.js'
import type { ApprovalResult, Decision, EffectiveHitlConfig, Kind, Policy, Portfolio, RebalanceProposal, TradeProposal } from './types.js'

export const money = (symbol: string, amount: number) =>
  currencyOf(symbol) === 'KRW' ? `${amount.toLocaleString('ko-KR')}원` : `$${amount.toLocaleString('en-US', { maximumFractionDigits: 4 })}`
/** ` (약 266,000원, 1 USD = 1,400원)` for an order with USD legs; '' otherwise. */
const inKrw = (v: Valuation | null | undefined) =>
  v?.fx_rate && v.amount_krw !== null ? ` (약 ${krw(v.amount_krw)}, 1 USD = ${v.fx_rate.rate.toLocaleString('ko-KR')}원)` : ''
const krw = (n: number) => `${Math.round(n).toLocaleString('ko-KR')}원`
const sideWord = (side: 'buy' | 'sell') => (side === 'buy' ? '매수' : '매도')
const label = (p: { symbol: string; name?: string }) => p.name ?? p.symbol

export function askTrade(p: TradeProposal, value?: Valuation | null): string {
  const at = p.price !== undefined ? `${money(p.symbol, p.price)}에` : '시장가로'
  return `${label(p)}(${p.symbol}) ${p.quantity}주를 ${at}${inKrw(value)} ${sideWord(p.side)}할까요? 승인이 필요합니다.`
}

export function askRebalance(p: RebalanceProposal, value?: Valuation | null): string {
  const legs = p.trades.map((t) => `${t.symbol} ${t.quantity}주 ${sideWord(t.side)}`).join(', ')
  return `포트폴리오 리밸런싱으로 ${legs} 주문을 낼까요?${inKrw(value)} 승인이 필요합니다.`
}

export function describePortfolio(p: Portfolio): string {
  const parts = p.holdings.map((h) => `${label(h)} ${(100 * (p.weights[h.symbol] ?? 0)).toFixed(1)}%`)
  return `포트폴리오 총액 ${krw(p.total_value)} (현금 ${krw(p.cash)}): ${parts.join(', ')}`
}

const policyWord = (p: Policy) => (p === 'always' ? '항상 승인' : p === 'never' ? '승인 없음' : `${krw(p.above_amount)} 초과 시 승인`)
export const autoApproved = (config: EffectiveHitlConfig, kind: Kind, value?: Valuation | null) =>
  `hitl_config(${policyWord(kind === 'trading' ? config.trade : config.rebalance)})에 따라${inKrw(value)} 승인 없이 진행합니다.`

const done = (r: ApprovalResult) => (r.status === 'filled' ? '체결' : '시뮬레이션')

/** The outcome sentence of an execution or a rejection. */
export function outcomeMessage(
  kind: Kind,
  decision: Decision | 'auto',
  result: ApprovalResult | null,
  proposal: TradeProposal | RebalanceProposal | null,
): string {
  if (decision === 'rejected') return kind === 'trading' ? '❌ 거부 완료 - 주문이 취소되었습니다' : '❌ 거부 완료 - 리밸런싱이 취소되었습니다'
  const head = decision === 'modified' ? '✅ 수정 승인 완료' : decision === 'auto' ? '✅ 자동 실행 완료' : '✅ 승인 완료'
  if (!result) return head
  if (kind === 'rebalance') return `${head} - 포트폴리오 리밸런싱(주문 ${result.trades?.length ?? 0}건)이 ${done(result)}되었습니다`
  const p = proposal as TradeProposal
  const price = decision === 'modified' ? (result.price !== undefined && p.price !== undefined ? ` @ ${money(p.symbol, p.price)}` : ' @ 시장가') : ''
  return `${head} - ${label(p)} ${result.quantity}주${price} ${sideWord(p.side)} 주문이 ${done(result)}되었습니다`
}

export const noOpMessage = (decision: Decision) =>
  `ℹ️ 이미 ${decision === 'approved' ? '승인된' : decision === 'rejected' ? '거부된' : '수정 승인된'} 요청입니다 - 다시 실행하지 않았습니다`

export function decisionNote(decision: Decision, notes: string | null | undefined): string {
  const word = decision === 'approved' ? '승인' : decision === 'rejected' ? '거부' : '수정 승인'
  return notes ? `[${word}] ${notes}` : `[${word}]`
}
