/**
 * Every migration, by date-prefixed name. Listed statically (not read from disk) so the same
 * list runs from src/ and from the compiled dist/. Append; never edit a landed migration.
 */
import type { Migration } from 'kysely'
import * as kitIdempotency from './2026-11-24-kit-idempotency.js'
import * as orchestratorCore from './2026-11-24-orchestrator-core.js'

export const migrations: Record<string, Migration> = {
  '2026-11-24-kit-idempotency': kitIdempotency,
  '2026-11-24-orchestrator-core': orchestratorCore,
}
