/**
 * The operator's migrations, by date-prefixed name (see src/db/migrate.ts). Append; never edit
 * a landed migration.
 */
import type { Migration } from 'kysely'
import * as core from './2026-12-01-operator-core.js'
import * as orderLists from './2026-12-02-operator-order-lists.js'

export const operatorMigrations: Record<string, Migration> = {
  '2026-12-01-operator-core': core,
  '2026-12-02-operator-order-lists': orderLists,
}
