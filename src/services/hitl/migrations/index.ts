/**
 * hitl's migrations, by date-prefixed name (see src/db/migrate.ts). Append; never edit a landed
 * migration.
 */
import type { Migration } from 'kysely'
import * as core from './2026-12-01-hitl-core.js'
import * as approvalFx from './2026-12-02-hitl-approval-fx.js'

export const hitlMigrations: Record<string, Migration> = {
  '2026-12-01-hitl-core': core,
  '2026-12-02-hitl-approval-fx': approvalFx,
}
