/**
 * Orchestrator: nodes, devices, tasks, latest node metrics, emergency resets and L2 confirm
 * codes. Frozen in time: Kysely<any>, no app types. Portable types only (SQLite and PostgreSQL).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orch_nodes')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('ip', 'varchar(45)')
    .addColumn('version', 'varchar(32)')
    .addColumn('last_heartbeat', 'varchar(32)')
    .addColumn('connected_at', 'varchar(32)')
    .addColumn('disconnected_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('orch_nodes_status').on('orch_nodes').column('status').execute()

  await db.schema
    .createTable('orch_devices')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('node_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('serial', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('current_task', 'varchar(64)')
    .addColumn('metrics_json', 'text')
    .addColumn('last_seen', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('orch_devices_node').on('orch_devices').columns(['node_id', 'id']).execute()

  await db.schema
    .createTable('orch_tasks')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('device_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('node_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('command', 'varchar(32)', (c) => c.notNull())
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('priority', 'varchar(8)', (c) => c.notNull())
    .addColumn('priority_rank', 'integer', (c) => c.notNull())
    .addColumn('timeout', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('result_json', 'text')
    .addColumn('error_json', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('front', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skip_attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deadline_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)')
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('orch_tasks_device_status').on('orch_tasks').columns(['device_id', 'status']).execute()
  await db.schema.createIndex('orch_tasks_status').on('orch_tasks').columns(['status', 'deadline_at']).execute()
  await db.schema.createIndex('orch_tasks_created').on('orch_tasks').columns(['created_at', 'id']).execute()

  await db.schema
    .createTable('orch_node_metrics')
    .addColumn('node_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('cpu', 'real', (c) => c.notNull())
    .addColumn('memory', 'real', (c) => c.notNull())
    .addColumn('disk', 'real')
    .addColumn('uptime_seconds', 'bigint')
    .addColumn('reported_at', 'varchar(32)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('orch_resets')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('level', 'varchar(2)', (c) => c.notNull())
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('target', 'varchar(16)', (c) => c.notNull())
    .addColumn('node_id', 'varchar(64)')
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('approver', 'varchar(100)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('timestamp', 'varchar(32)', (c) => c.notNull())
    .addColumn('completed_at', 'varchar(32)')
    .addColumn('estimated_recovery', 'varchar(8)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('orch_resets_timestamp').on('orch_resets').columns(['timestamp', 'id']).execute()

  await db.schema
    .createTable('orch_confirm_codes')
    .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('approver', 'varchar(100)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('issued_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addColumn('superseded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['orch_confirm_codes', 'orch_resets', 'orch_node_metrics', 'orch_tasks', 'orch_devices', 'orch_nodes']) {
    await db.schema.dropTable(t).execute()
  }
}
