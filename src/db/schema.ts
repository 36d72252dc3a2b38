/**
 * The database's table types, one interface per owner, merged here. Services keep their table
 * types next to their code (`src/services/<slug>/tables.ts`) and add them to `Database`.
 */
import type { Generated } from 'kysely'
import type { OrchestratorTables } from '../services/orchestrator/tables.js'

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

export interface KitTables {
  idempotency_keys: IdempotencyKeysTable
}

export interface Database extends KitTables, OrchestratorTables {}

export type { Generated }
