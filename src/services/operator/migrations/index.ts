/**
 * The operator's migrations, by date-prefixed name (see src/db/migrate.ts). Append; never edit
 * a landed migration.
 */
import type { Migration } from 'kysely'
import * as core from './2026-12-01-operator-core.js'

export const operatorMigrations: Record<string, Migration> = {
  '2026-12-01-operator-core': core,
}
