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
import { END, START, StateGraph } from '@langchain/langgraph'
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint'
import { approvalNode } from './approval-node.js'
import { executeNode } from './execute-node.js'
import { ChatState, type GraphEffects } from './graph-state.js'
import { preparingNodes } from './prepare-nodes.js'

export { ChatState, NotUnderstoodError } from './graph-state.js'
export type { ChatStateValue, GraphEffects, ResumeValue, StartInput } from './graph-state.js'

export function buildChatGraph(fx: GraphEffects, checkpointer: BaseCheckpointSaver) {
  const { understand, prepareTrade, analysePortfolio, proposeRebalance } = preparingNodes(fx)
  const approval = (node: 'approval_trade_node' | 'approval_rebalance_node', kind: 'trading' | 'rebalance') => approvalNode(fx, node, kind)
  const execute = (node: 'execute_trade_node' | 'execute_rebalance_node', kind: 'trading' | 'rebalance') => executeNode(fx, node, kind)
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
