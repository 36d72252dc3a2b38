/**
 * The mock's session state (SERVE_MODE=mock): resources created in a session and how far each
 * scripted scenario operation went. Frozen in time: Kysely<any>, no app types.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mock_resources')
    .addColumn('session', 'varchar(128)', (c) => c.notNull())
    .addColumn('collection', 'varchar(200)', (c) => c.notNull())
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('mock_resources_pk', ['session', 'collection', 'id'])
    .execute()
  await db.schema
    .createTable('mock_scenario_calls')
    .addColumn('session', 'varchar(128)', (c) => c.notNull())
    .addColumn('scenario', 'varchar(200)', (c) => c.notNull())
    .addColumn('operation_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mock_scenario_calls_pk', ['session', 'scenario', 'operation_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mock_scenario_calls').execute()
  await db.schema.dropTable('mock_resources').execute()
}
