/**
 * Saju's migrations, by date-prefixed name (see src/db/migrate.ts). Append; never edit a landed
 * migration.
 */
import type { Migration } from 'kysely'
import * as core from './2026-12-01-saju-core.js'

export const sajuMigrations: Record<string, Migration> = {
  '2026-12-01-saju-core': core,
}
