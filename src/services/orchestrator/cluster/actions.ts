/**
 * The queries of the scale-out (PostgreSQL only): process rows and their leases, and action
 * rows addressed to a process. Posting an action and waking its process is one statement (the
 * insert feeds `pg_notify`), so a post costs one round trip; the owner is read in that same
 * statement, after the caller's own writes committed, so a node changing process meanwhile
 * cannot strand the action. Claiming deletes with `FOR UPDATE SKIP LOCKED`: each action is
 * taken once, by the process it is addressed to.
 */
import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../database.js'
import type { OrchProcessActionsTable } from '../tables.js'

export type ActionKind = OrchProcessActionsTable['kind']

/** The NOTIFY channel a process listens on. Process ids are `proc_<hex>`, safe as an identifier. */
export const channelOf = (processId: string) => `orch_${processId}`

export const newProcessId = () => `proc_${randomBytes(8).toString('hex')}`

const actionId = (now: string) => `${now}-${randomBytes(6).toString('hex')}`

const CLAIM_BATCH = 100

export async function registerProcess(db: Kysely<Database>, row: { id: string; host: string; pid: number; now: string; leaseUntil: string }) {
  await db
    .insertInto('orch_processes')
    .values({ id: row.id, host: row.host, pid: row.pid, started_at: row.now, renewed_at: row.now, lease_until: row.leaseUntil })
    .onConflict((oc) => oc.column('id').doUpdateSet({ renewed_at: row.now, lease_until: row.leaseUntil }))
    .execute()
}

/** Extends the lease; false when the row is gone (reaped after a stall): the caller registers again. */
export async function renewProcess(db: Kysely<Database>, id: string, now: string, leaseUntil: string): Promise<boolean> {
  const r = await db.updateTable('orch_processes').set({ renewed_at: now, lease_until: leaseUntil }).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/**
 * Forgets processes whose lease ran out, and everything they held: their nodes go offline (the
 * lost-task grace starts now, as for any dropped connection), resets they ran end `failed`,
 * actions addressed to them go. Nodes that claim to be online with no process are orphans
 * (rows from before the scale-out) and go offline too. Returns the ended resets' ids.
 */
export async function reapExpired(db: Kysely<Database>, now: string): Promise<{ processes: string[]; nodes: string[]; resets: string[] }> {
  return db.transaction().execute(async (trx) => {
    const processes = (await trx.deleteFrom('orch_processes').where('lease_until', '<', now).returning('id').execute()).map((r) => r.id)
    const live = trx.selectFrom('orch_processes').select('id')
    const nodes = (
      await trx
        .updateTable('orch_nodes')
        .set({ status: 'offline', owner_process: null, disconnected_at: now, updated_at: now })
        .where((eb) =>
          eb.or([
            eb.and([eb('owner_process', 'is', null), eb('status', '!=', 'offline')]),
            eb.and([eb('owner_process', 'is not', null), eb('owner_process', 'not in', live)]),
          ]),
        )
        .returning('id')
        .execute()
    ).map((r) => r.id)
    if (nodes.length) {
      await trx.updateTable('orch_devices').set({ status: 'offline', updated_at: now }).where('node_id', 'in', nodes).where('status', '!=', 'offline').execute()
    }
    const resets = (
      await trx
        .updateTable('orch_resets')
        .set({ status: 'failed', completed_at: now })
        .where('status', '=', 'initiated')
        .where((eb) => eb.or([eb('owner_process', 'is', null), eb('owner_process', 'not in', live)]))
        .returning('id')
        .execute()
    ).map((r) => r.id)
    await trx.deleteFrom('orch_process_actions').where('process_id', 'not in', live).execute()
    return { processes, nodes, resets }
  })
}

/** A clean stop: this process's nodes go offline (their grace starts), its resets complete, its row goes. */
export async function releaseProcess(db: Kysely<Database>, id: string, now: string) {
  await db.transaction().execute(async (trx) => {
    const nodes = (
      await trx
        .updateTable('orch_nodes')
        .set({ status: 'offline', owner_process: null, disconnected_at: now, updated_at: now })
        .where('owner_process', '=', id)
        .returning('id')
        .execute()
    ).map((r) => r.id)
    if (nodes.length) {
      await trx.updateTable('orch_devices').set({ status: 'offline', updated_at: now }).where('node_id', 'in', nodes).where('status', '!=', 'offline').execute()
    }
    await trx
      .updateTable('orch_resets')
      .set({ status: 'completed', completed_at: now })
      .where('owner_process', '=', id)
      .where('status', '=', 'initiated')
      .execute()
    await trx.deleteFrom('orch_process_actions').where('process_id', '=', id).execute()
    await trx.deleteFrom('orch_processes').where('id', '=', id).execute()
  })
}

/** Posts an action to the process holding `nodeId`'s connection, if any; returns whether one was posted. */
export async function postToNodeOwner(db: Kysely<Database>, nodeId: string, kind: ActionKind, payload: object, now: string): Promise<boolean> {
  const r = await sql<{ process_id: string }>`
    with a as (
      insert into orch_process_actions (id, process_id, kind, payload_json, created_at)
      select ${actionId(now)}, owner_process, ${kind}, ${JSON.stringify(payload)}, ${now}
      from orch_nodes where id = ${nodeId} and owner_process is not null
      returning process_id
    )
    select process_id, pg_notify('orch_' || process_id, '') from a`.execute(db)
  return r.rows.length > 0
}

/** Posts an action to one process (the one that held a node before it reconnected elsewhere). */
export async function postToProcess(db: Kysely<Database>, processId: string, kind: ActionKind, payload: object, now: string) {
  await sql`
    with a as (
      insert into orch_process_actions (id, process_id, kind, payload_json, created_at)
      values (${actionId(now)}, ${processId}, ${kind}, ${JSON.stringify(payload)}, ${now})
      returning process_id
    )
    select pg_notify('orch_' || process_id, '') from a`.execute(db)
}

/** Posts an action to every live process but `except` (a process does its own share directly). */
export async function postToAll(db: Kysely<Database>, except: string, kind: ActionKind, payload: object, now: string): Promise<number> {
  const r = await sql<{ process_id: string }>`
    with a as (
      insert into orch_process_actions (id, process_id, kind, payload_json, created_at)
      select ${actionId(now)} || id, id, ${kind}, ${JSON.stringify(payload)}, ${now}
      from orch_processes where id <> ${except} and lease_until >= ${now}
      returning process_id
    )
    select process_id, pg_notify('orch_' || process_id, '') from a`.execute(db)
  return r.rows.length
}

/** Takes (deletes and returns) up to a batch of this process's actions, oldest first. */
export async function claimActions(db: Kysely<Database>, processId: string): Promise<{ rows: OrchProcessActionsTable[]; more: boolean }> {
  const r = await sql<OrchProcessActionsTable>`
    delete from orch_process_actions where id in (
      select id from orch_process_actions where process_id = ${processId}
      order by created_at, id limit ${CLAIM_BATCH} for update skip locked
    )
    returning *`.execute(db)
  const rows = [...r.rows].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1))
  return { rows, more: rows.length === CLAIM_BATCH }
}

/** The reset in progress anywhere, if any. */
export const activeReset = (db: Kysely<Database>) =>
  db.selectFrom('orch_resets').selectAll().where('status', '=', 'initiated').orderBy('timestamp', 'desc').limit(1).executeTakeFirst()
