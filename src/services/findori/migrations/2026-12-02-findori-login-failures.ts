/**
 * Findori: failed admin logins, one row each, so the login throttle holds across server
 * processes sharing the database. Frozen in time: Kysely<any>, portable column types only.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('findori_login_failures')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('client', 'varchar(100)', (c) => c.notNull())
    .addColumn('failed_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('findori_login_failures_client').on('findori_login_failures').columns(['client', 'failed_at']).execute()
  await db.schema.createIndex('findori_login_failures_at').on('findori_login_failures').column('failed_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('findori_login_failures').execute()
}
