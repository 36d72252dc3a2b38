/**
 * The operator's tables: execution records (one per plan, with the draft as executed), one row
 * per order of an execution with its own outcome, and the history of published exports (never
 * the token itself, only its hint). Timestamps are ISO-8601 UTC strings, JSON is stored as text
 * (portable between SQLite and PostgreSQL).
 */
export type ExecutionStatus = 'PENDING' | 'SUBMITTED' | 'SIMULATED' | 'PARTIAL' | 'FILLED' | 'FAILED'
export type OrderStatus = 'QUEUED' | 'PENDING' | 'SUBMITTED' | 'SIMULATED' | 'FILLED' | 'FAILED' | 'SKIPPED'

export interface OperatorExecutionsTable {
  execution_id: string
  /** Unique: one plan executes at most once (the insert is the lock). */
  plan_id: string
  ticket_ref: string
  /** The plan's date (YYYY-MM-DD): tickets list a day's executions. */
  plan_date: string
  mode: 'LIVE' | 'DRY_RUN'
  status: ExecutionStatus
  token_source: 'OPERATOR' | 'SERVER_MOCK'
  error: string | null
  /** The draft as executed (the export's orders and the mode filled in). */
  draft_json: string
  /** The draft exactly as the operator submitted it. */
  submitted_json: string
  created_at: string
  updated_at: string
}

/** One order of an execution; written before the broker hears of it, so a crash leaves a trace. */
export interface OperatorExecutionOrdersTable {
  execution_id: string
  /** 1-based position in the plan. */
  seq: number
  /** What the broker was (or will be) sent: `{plan_id}-{seq}`. */
  client_order_id: string
  action: 'BUY' | 'SELL'
  symbol: string
  quantity: number
  price: number | null
  status: OrderStatus
  broker_order_id: string | null
  error: string | null
  updated_at: string
}

export interface OperatorExportsTable {
  plan_id: string
  plan_date: string
  /** The plan's orders (JSON array, in execution order). */
  orders_json: string
  confirm_token_hint: string | null
  published_at: string
}

export interface OperatorTables {
  operator_executions: OperatorExecutionsTable
  operator_execution_orders: OperatorExecutionOrdersTable
  operator_exports: OperatorExportsTable
}
