/**
 * The operator's tables: execution records (with the draft as executed) and the history of
 * published exports (never the token itself, only its hint). Timestamps are ISO-8601 UTC
 * strings, JSON is stored as text (portable between SQLite and PostgreSQL).
 */
export interface OperatorExecutionsTable {
  execution_id: string
  /** Unique: one plan executes at most once (the insert is the lock). */
  plan_id: string
  ticket_ref: string
  /** The plan's date (YYYY-MM-DD): tickets list a day's executions. */
  plan_date: string
  mode: 'LIVE' | 'DRY_RUN'
  status: 'PENDING' | 'SUBMITTED' | 'SIMULATED' | 'FILLED' | 'FAILED'
  token_source: 'OPERATOR' | 'SERVER_MOCK'
  broker_order_id: string | null
  error: string | null
  /** The draft as executed (the export's order and the mode filled in). */
  draft_json: string
  /** The draft exactly as the operator submitted it. */
  submitted_json: string
  created_at: string
  updated_at: string
}

export interface OperatorExportsTable {
  plan_id: string
  plan_date: string
  order_json: string
  confirm_token_hint: string | null
  published_at: string
}

export interface OperatorTables {
  operator_executions: OperatorExecutionsTable
  operator_exports: OperatorExportsTable
}
