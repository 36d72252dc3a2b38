/**
 * Findori: feeds, issues (working copy), published snapshots, sources, pipeline logs, the
 * pipeline lock and admin sessions. Frozen in time: Kysely<any>, portable column types only.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('findori_feeds')
    .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('published_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute()

  for (const table of ['findori_issues', 'findori_published_issues']) {
    let t = db.schema
      .createTable(table)
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('feed_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('entity_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('entity_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('entity_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('title', 'varchar(200)', (c) => c.notNull())
      .addColumn('change_value', 'varchar(32)', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('tags_json', 'text', (c) => c.notNull())
      .addColumn('cards_json', 'text', (c) => c.notNull())
    t =
      table === 'findori_issues'
        ? t
            .addColumn('status', 'varchar(16)', (c) => c.notNull())
            .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
            .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
            // One issue per entity and day: a second pipeline run updates, never duplicates.
            .addUniqueConstraint('findori_issues_entity_day', ['feed_date', 'entity_type', 'entity_id'])
        : t.addColumn('published_at', 'varchar(32)', (c) => c.notNull())
    await t.execute()
    await db.schema.createIndex(`${table}_feed`).on(table).columns(['feed_date', 'position']).execute()
  }

  await db.schema
    .createTable('findori_sources')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('rss_url', 'varchar(2048)', (c) => c.notNull().unique())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('findori_pipeline_logs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('issues_created', 'integer', (c) => c.notNull())
    .addColumn('errors_json', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('findori_pipeline_logs_started').on('findori_pipeline_logs').column('started_at').execute()

  await db.schema
    .createTable('findori_locks')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(64)', (c) => c.notNull())
    .addColumn('acquired_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('findori_sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'findori_sessions',
    'findori_locks',
    'findori_pipeline_logs',
    'findori_sources',
    'findori_published_issues',
    'findori_issues',
    'findori_feeds',
  ]) {
    await db.schema.dropTable(t).execute()
  }
}
