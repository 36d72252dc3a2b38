/**
 * Request counters shared by every process (the database rate-limit store). Frozen in time:
 * Kysely<any>, no app types. Times are epoch milliseconds (bigint: they outgrow 32 bits).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_windows')
    .addColumn('key', 'varchar(300)', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('window_end', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_windows_pk', ['key', 'window_start'])
    .execute()
  await db.schema.createIndex('rate_limit_windows_end').on('rate_limit_windows').column('window_end').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_windows').execute()
}
