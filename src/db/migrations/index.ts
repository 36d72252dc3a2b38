/**
 * The kit's own migrations (services list theirs in their definition: `migrations`), by
 * date-prefixed name. Listed statically (not read from disk) so the same list runs from src/ and
 * from the compiled dist/. Append; never edit a landed migration.
 */
import type { Migration } from 'kysely'
import * as kitIdempotency from './2026-11-24-kit-idempotency.js'
import * as kitMockState from './2026-12-02-kit-mock-state.js'
import * as kitRateLimits from './2026-12-02-kit-rate-limits.js'

export const kitMigrations: Record<string, Migration> = {
  '2026-11-24-kit-idempotency': kitIdempotency,
  '2026-12-02-kit-mock-state': kitMockState,
  '2026-12-02-kit-rate-limits': kitRateLimits,
}
