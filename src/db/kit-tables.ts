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

/** The mock's session state: resources a session created (SERVE_MODE=mock). */
export interface MockResourcesTable {
  session: string
  collection: string
  id: string
  body_json: string
  /** Creation order within the session (ids sort by nothing useful). */
  seq: number
  created_at: string
}

/** How many times a session called each operation a scenario scripts. */
export interface MockScenarioCallsTable {
  session: string
  scenario: string
  operation_id: string
  calls: number
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
  mock_resources: MockResourcesTable
  mock_scenario_calls: MockScenarioCallsTable
  rate_limit_windows: RateLimitWindowsTable
}
