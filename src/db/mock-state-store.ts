/**
 * The mock's session state on the server's database (SQLite or PostgreSQL): one row per created
 * resource, keyed by (session, collection, id), and one counter per (session, scenario,
 * operation). Only mock mode writes here; real handlers never read it.
 */
import type { Kysely } from 'kysely'
import type { MockStateStore } from '../kit/mock/runtime.js'
import type { KitTables } from './kit-tables.js'

export function databaseMockStateStore(db: Kysely<KitTables>, now: () => Date = () => new Date()): MockStateStore {
  // Milliseconds times 1000 plus a counter: creation order survives restarts and same-ms creates.
  let counter = 0
  const nextSeq = () => now().getTime() * 1000 + (counter++ % 1000)
  return {
    async put(session, collection, id, body) {
      const body_json = JSON.stringify(body)
      const updated = await db
        .updateTable('mock_resources')
        .set({ body_json })
        .where('session', '=', session)
        .where('collection', '=', collection)
        .where('id', '=', id)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) > 0) return
      await db
        .insertInto('mock_resources')
        .values({ session, collection, id, body_json, seq: nextSeq(), created_at: now().toISOString() })
        .onConflict((oc) => oc.columns(['session', 'collection', 'id']).doUpdateSet({ body_json }))
        .execute()
    },
    async get(session, collection, id) {
      const row = await db
        .selectFrom('mock_resources')
        .select('body_json')
        .where('session', '=', session)
        .where('collection', '=', collection)
        .where('id', '=', id)
        .executeTakeFirst()
      return row ? JSON.parse(row.body_json) : undefined
    },
    async list(session, collection) {
      const rows = await db
        .selectFrom('mock_resources')
        .select('body_json')
        .where('session', '=', session)
        .where('collection', '=', collection)
        .orderBy('seq')
        .execute()
      return rows.map((r) => JSON.parse(r.body_json))
    },
    async remove(session, collection, id) {
      const r = await db
        .deleteFrom('mock_resources')
        .where('session', '=', session)
        .where('collection', '=', collection)
        .where('id', '=', id)
        .executeTakeFirst()
      return Number(r.numDeletedRows) > 0
    },
    async step(session, scenario, operationId) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('mock_scenario_calls')
          .select('calls')
          .where('session', '=', session)
          .where('scenario', '=', scenario)
          .where('operation_id', '=', operationId)
          .executeTakeFirst()
        if (row) {
          await trx
            .updateTable('mock_scenario_calls')
            .set({ calls: row.calls + 1 })
            .where('session', '=', session)
            .where('scenario', '=', scenario)
            .where('operation_id', '=', operationId)
            .execute()
          return row.calls
        }
        await trx.insertInto('mock_scenario_calls').values({ session, scenario, operation_id: operationId, calls: 1 }).execute()
        return 0
      })
    },
    async clear(session) {
      await db.deleteFrom('mock_resources').where('session', '=', session).execute()
      await db.deleteFrom('mock_scenario_calls').where('session', '=', session).execute()
    },
    async dump(session) {
      const resources: Record<string, unknown[]> = {}
      const rows = await db.selectFrom('mock_resources').select(['collection', 'body_json']).where('session', '=', session).orderBy('seq').execute()
      for (const r of rows) (resources[r.collection] ??= []).push(JSON.parse(r.body_json))
      const steps: Record<string, number> = {}
      const calls = await db.selectFrom('mock_scenario_calls').selectAll().where('session', '=', session).execute()
      for (const c of calls) steps[`${c.scenario}:${c.operation_id}`] = c.calls
      return { resources, steps }
    },
  }
}
