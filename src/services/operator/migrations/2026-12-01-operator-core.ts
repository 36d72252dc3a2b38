/**
 * Operator: execution records (one per plan, enforced by a unique index) and the export
 * history. Frozen in time: Kysely<any>, no app types. Portable types only.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operator_executions')
    .addColumn('execution_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('ticket_ref', 'varchar(32)', (c) => c.notNull())
    .addColumn('plan_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('mode', 'varchar(8)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('token_source', 'varchar(16)', (c) => c.notNull())
    .addColumn('broker_order_id', 'varchar(128)')
    .addColumn('error', 'varchar(1000)')
    .addColumn('draft_json', 'text', (c) => c.notNull())
    .addColumn('submitted_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('operator_executions_created').on('operator_executions').columns(['created_at', 'execution_id']).execute()
  await db.schema.createIndex('operator_executions_date').on('operator_executions').column('plan_date').execute()

  await db.schema
    .createTable('operator_exports')
    .addColumn('plan_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('plan_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('order_json', 'text', (c) => c.notNull())
    .addColumn('confirm_token_hint', 'varchar(16)')
    .addColumn('published_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('operator_exports_date').on('operator_exports').columns(['plan_date', 'published_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('operator_exports').execute()
  await db.schema.dropTable('operator_executions').execute()
}
