/**
 * hitl's tables: the threads, their approval requests and user decisions (the seed's
 * `approval_requests` / `user_decisions`), the conversation log and the event log the SSE
 * stream replays. The graph's own state (flags, proposal, result) lives in the LangGraph
 * checkpointer. Timestamps are ISO-8601 strings; JSON is stored as text.
 */
export interface HitlThreadsTable {
  thread_id: string
  kind: 'trading' | 'rebalance' | null
  created_at: string
  updated_at: string
}

export interface HitlApprovalRequestsTable {
  request_id: string
  thread_id: string
  node: 'approval_trade_node' | 'approval_rebalance_node'
  kind: 'trading' | 'rebalance'
  status: 'pending' | 'approved' | 'rejected' | 'modified'
  proposal_json: string
  /** In `currency` (null: a market order). */
  amount: number | null
  /** Null on rows written before currencies were recorded (they were KRW). */
  currency: 'KRW' | 'USD' | null
  /** What `above_amount` compared; null on a market order (and on rows before currencies, read `amount`). */
  amount_krw: number | null
  /** The exchange rate used (FxRate JSON), or null when nothing was converted. */
  fx_json: string | null
  created_at: string
  decided_at: string | null
}

export interface HitlUserDecisionsTable {
  decision_id: string
  /** Unique: the row is the claim that lets exactly one decision through per request. */
  request_id: string
  thread_id: string
  decision: 'approved' | 'rejected' | 'modified'
  modifications_json: string | null
  user_notes: string | null
  decided_at: string
}

/** Messages and events are numbered per thread (seq); `dedupe_key` makes a replayed node write once. */
export interface HitlMessagesTable {
  thread_id: string
  seq: number
  role: 'user' | 'assistant' | 'system'
  content: string
  node: string | null
  dedupe_key: string | null
  created_at: string
}

export interface HitlEventsTable {
  thread_id: string
  seq: number
  type: 'step' | 'approval_request' | 'outcome'
  data_json: string
  dedupe_key: string | null
  created_at: string
}

/** An order the broker confirmed, kept so a retried execution never sends it twice. */
export interface HitlFillsTable {
  client_order_id: string
  thread_id: string
  fill_json: string
  created_at: string
}

export interface HitlTables {
  hitl_fills: HitlFillsTable
  hitl_threads: HitlThreadsTable
  hitl_approval_requests: HitlApprovalRequestsTable
  hitl_user_decisions: HitlUserDecisionsTable
  hitl_messages: HitlMessagesTable
  hitl_events: HitlEventsTable
}
