/**
 * hitl: threads, approval requests, user decisions, conversation log, event log. Frozen in
 * time: Kysely<any>, no app types. Portable types only (SQLite and PostgreSQL).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hitl_threads')
    .addColumn('thread_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('hitl_approval_requests')
    .addColumn('request_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('thread_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('node', 'varchar(32)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('proposal_json', 'text', (c) => c.notNull())
    .addColumn('amount', 'double precision')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(32)')
    .execute()
  await db.schema.createIndex('hitl_approval_requests_thread').on('hitl_approval_requests').columns(['thread_id', 'created_at']).execute()

  await db.schema
    .createTable('hitl_user_decisions')
    .addColumn('decision_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('thread_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('decision', 'varchar(16)', (c) => c.notNull())
    .addColumn('modifications_json', 'text')
    .addColumn('user_notes', 'text')
    .addColumn('decided_at', 'varchar(32)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('hitl_user_decisions_thread').on('hitl_user_decisions').columns(['thread_id', 'decided_at']).execute()

  // Each order the broker confirmed, by client order id: a retried execution reuses it instead
  // of sending the order again (a rebalance that failed at its third leg resends only that one).
  await db.schema
    .createTable('hitl_fills')
    .addColumn('client_order_id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('thread_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('fill_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute()

  for (const table of ['hitl_messages', 'hitl_events']) {
    let t = db.schema
      .createTable(table)
      .addColumn('thread_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
    t =
      table === 'hitl_messages'
        ? t
            .addColumn('role', 'varchar(16)', (c) => c.notNull())
            .addColumn('content', 'text', (c) => c.notNull())
            .addColumn('node', 'varchar(64)')
        : t.addColumn('type', 'varchar(32)', (c) => c.notNull()).addColumn('data_json', 'text', (c) => c.notNull())
    await t
      .addColumn('dedupe_key', 'varchar(200)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['thread_id', 'seq'])
      .addUniqueConstraint(`${table}_dedupe`, ['thread_id', 'dedupe_key'])
      .execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['hitl_events', 'hitl_messages', 'hitl_fills', 'hitl_user_decisions', 'hitl_approval_requests', 'hitl_threads'])
    await db.schema.dropTable(t).execute()
}
