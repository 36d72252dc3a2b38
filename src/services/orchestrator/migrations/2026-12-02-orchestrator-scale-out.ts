/**
 * Orchestrator scale-out: several server processes on one database. Each process holds a row
 * with a lease it renews; a node remembers which process holds its WebSocket; work for a node
 * connected elsewhere is an action row addressed to that process; a reset remembers the process
 * that runs it. Frozen in time: Kysely<any>, portable types only.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orch_processes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('host', 'varchar(255)', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('renewed_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('lease_until', 'varchar(32)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('orch_process_actions')
    .addColumn('id', 'varchar(160)', (c) => c.primaryKey())
    .addColumn('process_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('orch_process_actions_process').on('orch_process_actions').columns(['process_id', 'created_at', 'id']).execute()

  await db.schema.alterTable('orch_nodes').addColumn('owner_process', 'varchar(64)').execute()
  await db.schema.createIndex('orch_nodes_owner').on('orch_nodes').column('owner_process').execute()
  await db.schema.alterTable('orch_resets').addColumn('owner_process', 'varchar(64)').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orch_resets').dropColumn('owner_process').execute()
  await db.schema.dropIndex('orch_nodes_owner').execute()
  await db.schema.alterTable('orch_nodes').dropColumn('owner_process').execute()
  await db.schema.dropTable('orch_process_actions').execute()
  await db.schema.dropTable('orch_processes').execute()
}
