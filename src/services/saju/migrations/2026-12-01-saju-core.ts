/**
 * Saju: users, hashed API tokens, the append-only deep-token ledger, reward credits, light-chat
 * usage, profiles, reports, chat sessions and PDF jobs. Frozen in time: Kysely<any>, no app
 * types. Portable types only (SQLite and PostgreSQL).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saju_users')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('plan', 'varchar(16)', (c) => c.notNull())
    .addColumn('deep_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addCheckConstraint('saju_users_balance_nonnegative', sql`deep_tokens >= 0`)
    .execute()

  await db.schema
    .createTable('saju_api_tokens')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .execute()
  await db.schema.createIndex('saju_api_tokens_user').on('saju_api_tokens').column('user_id').execute()

  await db.schema
    .createTable('saju_token_ledger')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('balance_after', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('ref', 'varchar(128)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('saju_token_ledger_user').on('saju_token_ledger').columns(['user_id', 'created_at']).execute()

  await db.schema
    .createTable('saju_rewards')
    .addColumn('id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('network', 'varchar(16)', (c) => c.notNull())
    .addColumn('transaction_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(128)')
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('signed_content', 'text', (c) => c.notNull())
    .addColumn('response_json', 'text', (c) => c.notNull())
    .addColumn('credited_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('kst_date', 'varchar(10)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('saju_rewards_user_day').on('saju_rewards').columns(['user_id', 'kst_date']).execute()

  await db.schema
    .createTable('saju_light_usage')
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kst_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('saju_light_usage_pk', ['user_id', 'kst_date'])
    .execute()

  await db.schema
    .createTable('saju_profiles')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('birth_dt_local', 'varchar(32)', (c) => c.notNull())
    .addColumn('tz', 'varchar(64)', (c) => c.notNull())
    .addColumn('calendar_type', 'varchar(8)', (c) => c.notNull())
    .addColumn('is_leap_month', 'integer', (c) => c.notNull())
    .addColumn('zi_hour_mode', 'varchar(16)', (c) => c.notNull())
    .addColumn('unknown_hour', 'integer', (c) => c.notNull())
    .addColumn('regional_correction_minutes', 'integer', (c) => c.notNull())
    .addColumn('gender', 'varchar(8)', (c) => c.notNull())
    .addColumn('relation', 'varchar(16)', (c) => c.notNull())
    .addColumn('memo', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('saju_profiles_user').on('saju_profiles').columns(['user_id', 'created_at']).execute()

  await db.schema
    .createTable('saju_reports')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('profile_id', 'varchar(64)')
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('saju_chat_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('saju_pdf_jobs')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('report_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('template', 'varchar(16)', (c) => c.notNull())
    .addColumn('paper', 'varchar(8)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'varchar(32)')
    .addColumn('error_message', 'text')
    .addColumn('file_b64', 'text')
    .addColumn('file_sha256', 'varchar(64)')
    .addColumn('file_size', 'integer')
    .addColumn('file_pages', 'integer')
    .addColumn('expires_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('saju_pdf_jobs_status').on('saju_pdf_jobs').columns(['status', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'saju_pdf_jobs',
    'saju_chat_sessions',
    'saju_reports',
    'saju_profiles',
    'saju_light_usage',
    'saju_rewards',
    'saju_token_ledger',
    'saju_api_tokens',
    'saju_users',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
