/**
 * The kit's own tables. Services keep their table types next to their code
 * (`src/services/<slug>/tables.ts`); `src/services/database.ts` merges them all into `Database`.
 */

/** Stored responses for `Idempotency-Key` replays (the kit's idempotency layer). */
export interface IdempotencyKeysTable {
  scope: string
  key: string
  fingerprint: string
  state: 'in_flight' | 'done'
  status: number | null
  body_json: string | null
  headers_json: string | null
  created_at: string
  expires_at: string
}

/** Shared request counters (the database rate-limit store): one row per key and window. */
export interface RateLimitWindowsTable {
  key: string
  /** Epoch milliseconds. */
  window_start: number
  window_end: number
  count: number
}

export interface KitTables {
  idempotency_keys: IdempotencyKeysTable
  rate_limit_windows: RateLimitWindowsTable
}
