/**
 * The hitl domain's vocabulary, shared by the parser, the graph and the handlers. The API
 * shapes come from the generated types; these are the same objects as the graph keeps them.
 */
import type * as T from '../../../generated/hitl/sdk/types.gen.js'

export type Kind = T.ThreadKind
export type Action = 'trade' | 'rebalance'
export type TradeProposal = T.TradeProposal
export type RebalanceProposal = T.RebalanceProposal
export type Proposal = TradeProposal | RebalanceProposal
export type TradeLeg = T.TradeLeg
export type Holding = T.Holding
export type Portfolio = T.Portfolio
export type Policy = T.HitlPolicy
export type EffectiveHitlConfig = { trade: Policy; rebalance: Policy }
export type ApprovalResult = T.ApprovalResult
export type Decision = T.Decision
export type Modifications = T.Modifications
export type TargetWeights = T.TargetWeights
export type GraphNodeName = T.GraphNode

export const actionOf = (kind: Kind): Action => (kind === 'trading' ? 'trade' : 'rebalance')
export const isTradeProposal = (p: Proposal): p is TradeProposal => 'symbol' in p

/** What "understand the request" hands the graph. */
export type Intent = { kind: 'trading'; proposal: TradeProposal } | { kind: 'rebalance'; target_weights: TargetWeights | null; reason?: string }

export type Understanding = { ok: true; intent: Intent; source: 'rules' | 'llm' } | { ok: false; reason: string; hint: string }
