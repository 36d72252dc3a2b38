/**
 * The orchestrator's migrations, by date-prefixed name (see src/db/migrate.ts). Append; never
 * edit a landed migration.
 */
import type { Migration } from 'kysely'
import * as core from './2026-11-24-orchestrator-core.js'
import * as scaleOut from './2026-12-02-orchestrator-scale-out.js'
import * as queueHead from './2026-12-02-orchestrator-queue-head.js'

export const orchestratorMigrations: Record<string, Migration> = {
  '2026-11-24-orchestrator-core': core,
  '2026-12-02-orchestrator-scale-out': scaleOut,
  '2026-12-02-orchestrator-queue-head': queueHead,
}
