/**
 * The chat graph's state (LangGraph annotations) and what its nodes may do outside it
 * (GraphEffects): the vocabulary the node files share.
 */
import { Annotation } from '@langchain/langgraph'
import type { OrderFill, OrderRequest } from './broker.js'
import type { FxRate, Valuation } from './fx.js'
import type { RequestUnderstander } from './understanding.js'
import type { ApprovalResult, Decision, EffectiveHitlConfig, GraphNodeName, Holding, Intent, Kind, Portfolio, Proposal, TargetWeights } from './types.js'

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
