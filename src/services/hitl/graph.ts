/**
 * The chat graph on LangGraph: one StateGraph, two flows after "understand the request".
 *
 *   understand_request_node ─┬─ trading:   prepare_trade_node → approval_trade_node → execute_trade_node
 *                            └─ rebalance: analyse_portfolio_node → propose_rebalance_node
 *                                          → approval_rebalance_node → execute_rebalance_node
 *
 * The approval nodes call interrupt() when hitl_config asks for a human; POST /approve resumes
 * them with Command({resume}). A node that was interrupted runs again from its start on resume,
 * so everything it writes before interrupt() is keyed (dedupe keys, a request id fixed in the
 * state by the node before) and written once. The `{action}_executed` flag makes execution a
 * no-op if an execute node ever runs again.
 */
import { randomUUID } from 'node:crypto'
import { Annotation, END, START, StateGraph, interrupt } from '@langchain/langgraph'
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint'
import type { OrderFill, OrderRequest } from './broker.js'
import { BrokerError } from './broker.js'
import { needsApproval } from './policy.js'
import { DEMO_PORTFOLIO, RebalanceInputError, planRebalance, portfolioOf } from './rebalance.js'
import { instrumentBySymbol } from './instruments.js'
import { type FxRate, type Valuation, valueLegs } from './fx.js'
import type { RequestUnderstander } from './understanding.js'
import type * as T from '../../../generated/hitl/sdk/types.gen.js'
import type {
  Action,
  ApprovalResult,
  Decision,
  EffectiveHitlConfig,
  GraphNodeName,
  Holding,
  Intent,
  Kind,
  Portfolio,
  Proposal,
  RebalanceProposal,
  TargetWeights,
  TradeProposal,
} from './types.js'
import { actionOf } from './types.js'
import * as say from './wording.js'

/** What a thread starts from (the create request, minus its thread id and policy). */
export interface StartInput {
  message?: string
  kind?: Kind
  proposal?: Proposal
  holdings?: Holding[]
  cash?: number
  target_weights?: TargetWeights
}

/** The value POST /approve resumes an approval node with (already checked and applied). */
export interface ResumeValue {
  decision: Decision
  proposal: Proposal | null
  user_notes: string | null
}

/** "Understand the request" could not: the start answers 422 with this reason and hint. */
export class NotUnderstoodError extends Error {
  constructor(
    readonly reason: string,
    readonly hint: string,
  ) {
    super(hint)
  }
}

const last = <T>(fallback: () => T) => Annotation<T>({ reducer: (_a: T, b: T) => b, default: fallback })

export const ChatState = Annotation.Root({
  thread_id: last<string>(() => ''),
  input: last<StartInput>(() => ({})),
  hitl: last<EffectiveHitlConfig>(() => ({ trade: 'always', rebalance: 'always' })),
  kind: last<Kind | null>(() => null),
  intent: last<Intent | null>(() => null),
  proposal: last<Proposal | null>(() => null),
  portfolio: last<Portfolio | null>(() => null),
  request_id: last<string | null>(() => null),
  /** In KRW: what `above_amount` compares (null: a market order). */
  amount: last<number | null>(() => null),
  /** The order's amount in its currency and the exchange rate used (kept: a decision can be checked later). */
  value: last<Valuation | null>(() => null),
  decision: last<(ResumeValue & { auto?: boolean }) | null>(() => null),
  flags: Annotation<Record<string, boolean>>({ reducer: (a, b) => ({ ...a, ...b }), default: () => ({}) }),
  result: last<ApprovalResult | null>(() => null),
  outcome: last<'executed' | 'rejected' | 'no_trades' | null>(() => null),
})
export type ChatStateValue = typeof ChatState.State
type ApprovalRequestEvent = T.ApprovalRequestEvent

/** What the nodes write outside the graph state: the log tables and the event stream. */
export interface GraphEffects {
  now(): string
  understander: RequestUnderstander
  clock(): Date
  /** The exchange rate a USD order is valued at. */
  usdKrw(): Promise<FxRate>
  step(threadId: string, node: GraphNodeName): Promise<void>
  say(threadId: string, node: GraphNodeName, content: string, dedupeKey: string | null): Promise<void>
  event(threadId: string, type: 'approval_request' | 'outcome', data: Record<string, unknown>, dedupeKey: string | null): Promise<void>
  approvalRequested(row: {
    request_id: string
    thread_id: string
    node: 'approval_trade_node' | 'approval_rebalance_node'
    kind: Kind
    proposal: Proposal
    value: Valuation | null
  }): Promise<void>
  kindKnown(threadId: string, kind: Kind): Promise<void>
  /** Places an order once per client order id: a confirmed fill is remembered and reused. */
  placeOnce(threadId: string, order: OrderRequest): Promise<OrderFill>
}

export function buildChatGraph(fx: GraphEffects, checkpointer: BaseCheckpointSaver) {
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

  const approval = (node: 'approval_trade_node' | 'approval_rebalance_node', kind: Kind) =>
    async function approve(s: ChatStateValue) {
      const action: Action = actionOf(kind)
      await fx.step(s.thread_id, node)
      if (!needsApproval(s.hitl, action, s.amount)) {
        await fx.say(s.thread_id, node, say.autoApproved(s.hitl, kind, s.value), 'auto-approved')
        return { decision: { decision: 'approved' as const, proposal: s.proposal, user_notes: null, auto: true }, flags: { [`${action}_approved`]: true } }
      }
      const requestId = s.request_id!
      const proposal = s.proposal!
      await fx.approvalRequested({ request_id: requestId, thread_id: s.thread_id, node, kind, proposal, value: s.value })
      await fx.say(
        s.thread_id,
        node,
        kind === 'trading' ? say.askTrade(proposal as TradeProposal, s.value) : say.askRebalance(proposal as RebalanceProposal, s.value),
        `ask:${requestId}`,
      )
      const p = proposal as TradeProposal & RebalanceProposal
      const data: ApprovalRequestEvent = {
        request_id: requestId,
        action,
        side: kind === 'trading' ? p.side : null,
        symbol: kind === 'trading' ? p.symbol : null,
        name: kind === 'trading' ? (p.name ?? null) : null,
        quantity: kind === 'trading' ? p.quantity : null,
        price: kind === 'trading' ? (p.price ?? null) : null,
        currency: s.value?.currency ?? 'KRW',
        amount: s.value ? s.value.amount : s.amount,
        amount_krw: s.amount,
        fx_rate: s.value?.fx_rate ?? null,
        rationale: p.reason ?? null,
        trades: kind === 'rebalance' ? p.trades : null,
      }
      await fx.event(s.thread_id, 'approval_request', data, `approval:${requestId}`)

      const resume = interrupt({ request_id: requestId, action, proposal }) as ResumeValue

      if (resume.decision === 'rejected') {
        const message = say.outcomeMessage(kind, 'rejected', null, proposal)
        await fx.say(s.thread_id, node, message, 'outcome')
        await fx.event(s.thread_id, 'outcome', { decision: 'rejected', status: 'rejected', message, result: null }, 'outcome')
        return { decision: resume, outcome: 'rejected' as const, flags: { [`${action}_approved`]: false } }
      }
      const next = resume.proposal ?? proposal
      // A modified order is valued at the rate its request showed (asked anew only if it now has USD legs).
      const value = await valueLegs(
        kind === 'trading' ? [next as TradeProposal] : (next as RebalanceProposal).trades,
        async () => s.value?.fx_rate ?? (await fx.usdKrw()),
      )
      return { decision: resume, proposal: next, value, amount: value.amount_krw, flags: { [`${action}_approved`]: true } }
    }

  const execute = (node: 'execute_trade_node' | 'execute_rebalance_node', kind: Kind) =>
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

  return new StateGraph(ChatState)
    .addNode('understand_request_node', understand)
    .addNode('prepare_trade_node', prepareTrade)
    .addNode('approval_trade_node', approval('approval_trade_node', 'trading'))
    .addNode('execute_trade_node', execute('execute_trade_node', 'trading'))
    .addNode('analyse_portfolio_node', analysePortfolio)
    .addNode('propose_rebalance_node', proposeRebalance)
    .addNode('approval_rebalance_node', approval('approval_rebalance_node', 'rebalance'))
    .addNode('execute_rebalance_node', execute('execute_rebalance_node', 'rebalance'))
    .addEdge(START, 'understand_request_node')
    .addConditionalEdges('understand_request_node', (s) => (s.kind === 'rebalance' ? 'analyse_portfolio_node' : 'prepare_trade_node'), [
      'prepare_trade_node',
      'analyse_portfolio_node',
    ])
    .addEdge('prepare_trade_node', 'approval_trade_node')
    .addConditionalEdges('approval_trade_node', (s) => (s.outcome === 'rejected' ? END : 'execute_trade_node'), ['execute_trade_node', END])
    .addEdge('execute_trade_node', END)
    .addEdge('analyse_portfolio_node', 'propose_rebalance_node')
    .addConditionalEdges('propose_rebalance_node', (s) => (s.outcome === 'no_trades' ? END : 'approval_rebalance_node'), ['approval_rebalance_node', END])
    .addConditionalEdges('approval_rebalance_node', (s) => (s.outcome === 'rejected' ? END : 'execute_rebalance_node'), ['execute_rebalance_node', END])
    .addEdge('execute_rebalance_node', END)
    .compile({ checkpointer })
}

export type ChatGraph = ReturnType<typeof buildChatGraph>
