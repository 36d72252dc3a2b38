/**
 * Saju's tables. Timestamps are ISO-8601 UTC strings; JSON bodies are text; flags are 0/1.
 * Tokens are stored only as SHA-256 hashes; the deep-token ledger is append-only and
 * `saju_users.deep_tokens` is its running sum (kept in the same transaction as each entry).
 */
export interface SajuUsersTable {
  id: string
  plan: 'free' | 'plus' | 'premium'
  deep_tokens: number
  created_at: string
  updated_at: string
}

export interface SajuApiTokensTable {
  /** The token's `jti`. */
  id: string
  user_id: string
  /** SHA-256 hex of the whole bearer token. */
  token_hash: string
  created_at: string
  expires_at: string
  revoked_at: string | null
}

export interface SajuTokenLedgerTable {
  id: string
  user_id: string
  /** Positive for credits, negative for spends; never updated or deleted. */
  delta: number
  balance_after: number
  kind: 'grant' | 'reward' | 'consume' | 'chat'
  /** What the entry is for: a reward transaction id, a consume id, a chat message id. */
  ref: string | null
  created_at: string
}

export interface SajuRewardsTable {
  /** network:transaction_id — credited at most once, ever. */
  id: string
  user_id: string
  network: string
  transaction_id: string
  idempotency_key: string | null
  amount: number
  /** The canonical signed content, so an exact retry can be told from a replay. */
  signed_content: string
  /** The stored answer (TokensRewardResponse without signatures) for exact retries. */
  response_json: string
  credited_at: string
  kst_date: string
}

export interface SajuLightUsageTable {
  user_id: string
  kst_date: string
  used: number
}

export interface SajuProfilesTable {
  id: string
  user_id: string
  name: string
  birth_dt_local: string
  tz: string
  calendar_type: 'solar' | 'lunar'
  is_leap_month: number
  zi_hour_mode: 'split_23' | 'default'
  unknown_hour: number
  regional_correction_minutes: number
  gender: 'male' | 'female'
  relation: 'self' | 'family' | 'partner' | 'friend' | 'other'
  memo: string | null
  created_at: string
  updated_at: string
}

export interface SajuReportsTable {
  id: string
  user_id: string
  profile_id: string | null
  body_json: string
  created_at: string
}

export interface SajuChatSessionsTable {
  id: string
  user_id: string
  created_at: string
}

export interface SajuPdfJobsTable {
  id: string
  user_id: string
  report_id: string
  template: 'standard' | 'detailed'
  paper: 'A4' | 'LETTER'
  status: 'queued' | 'rendering' | 'done' | 'failed'
  progress: number
  error_code: string | null
  error_message: string | null
  /** The PDF bytes, base64 (portable across SQLite and PostgreSQL). */
  file_b64: string | null
  file_sha256: string | null
  file_size: number | null
  file_pages: number | null
  expires_at: string | null
  created_at: string
  updated_at: string
}

export interface SajuTables {
  saju_users: SajuUsersTable
  saju_api_tokens: SajuApiTokensTable
  saju_token_ledger: SajuTokenLedgerTable
  saju_rewards: SajuRewardsTable
  saju_light_usage: SajuLightUsageTable
  saju_profiles: SajuProfilesTable
  saju_reports: SajuReportsTable
  saju_chat_sessions: SajuChatSessionsTable
  saju_pdf_jobs: SajuPdfJobsTable
}
