/**
 * Findori's migrations, by date-prefixed name (see src/db/migrate.ts). Append; never edit a landed one.
 */
import type { Migration } from 'kysely'
import * as core from './2026-12-01-findori-core.js'
import * as loginFailures from './2026-12-02-findori-login-failures.js'

export const findoriMigrations: Record<string, Migration> = {
  '2026-12-01-findori-core': core,
  '2026-12-02-findori-login-failures': loginFailures,
}
