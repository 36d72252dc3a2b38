/**
 * hitl: an approval request records its order's currency, its amount in KRW (what
 * `above_amount` compared) and the exchange rate used (JSON). Frozen in time: Kysely<any>.
 * Earlier rows keep nulls: they were valued in KRW.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('hitl_approval_requests').addColumn('currency', 'varchar(3)').execute()
  await db.schema.alterTable('hitl_approval_requests').addColumn('amount_krw', 'double precision').execute()
  await db.schema.alterTable('hitl_approval_requests').addColumn('fx_json', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['fx_json', 'amount_krw', 'currency']) await db.schema.alterTable('hitl_approval_requests').dropColumn(column).execute()
}
