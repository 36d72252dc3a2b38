/**
 * Devices: lookups and lists, a heartbeat's or status report's upsert, and the per-command
 * device writes (taken, freed, task left).
 */
import type { Kysely, Updateable } from 'kysely'
import { preparedFiltered, prepared } from '../../../db/prepared.js'
import type { Database } from '../../database.js'
import type { OrchDevicesTable } from '../tables.js'
import { countAll, paged, where, type Counted, type Db, type Page } from './shared.js'

const deviceById = prepared((db: Kysely<Database>, id: string) => db.selectFrom('orch_devices').selectAll().where('id', '=', id))
export const getDevice = (db: Db, id: string) => deviceById.first(db, id)

type DeviceFilter = { node_id?: string; status?: OrchDevicesTable['status'] }
const devicesPage = preparedFiltered<Database, DeviceFilter, [number, number], OrchDevicesTable>(['node_id', 'status'], (db, f, limit, offset) =>
  where(db.selectFrom('orch_devices'), f).selectAll().orderBy('id').limit(limit).offset(offset),
)
const devicesCount = preparedFiltered<Database, DeviceFilter, [], Counted>(['node_id', 'status'], (db, f) =>
  where(db.selectFrom('orch_devices'), f).select(countAll),
)

export async function listDevices(db: Db, filter: DeviceFilter, page: Page) {
  return paged(devicesPage.rows(db, filter, page.limit, page.offset), devicesCount.first(db, filter))
}

export const devicesOfNode = (db: Db, nodeId: string) => db.selectFrom('orch_devices').selectAll().where('node_id', '=', nodeId).orderBy('id').execute()

export async function upsertDevice(
  db: Db,
  d: { id: string; node_id: string; status: OrchDevicesTable['status']; serial?: string; metrics_json?: string | null; current_task?: string | null },
  now: string,
) {
  const patch: Updateable<OrchDevicesTable> = { node_id: d.node_id, status: d.status, last_seen: now, updated_at: now }
  if (d.serial) patch.serial = d.serial
  if (d.metrics_json !== undefined) patch.metrics_json = d.metrics_json
  if (d.current_task !== undefined) patch.current_task = d.current_task
  await db
    .insertInto('orch_devices')
    .values({
      id: d.id,
      node_id: d.node_id,
      serial: d.serial ?? d.id,
      status: d.status,
      current_task: d.current_task ?? null,
      metrics_json: d.metrics_json ?? null,
      last_seen: now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet(patch))
    .execute()
}

/**
 * A device as a heartbeat lists it (upsertDevice's shape without metrics or task; a serial
 * not given keeps the one on record), prepared: every device of every node, every period.
 */
const deviceListed = prepared((db: Kysely<Database>, id: string, nodeId: string, status: OrchDevicesTable['status'], serial: string | null, now: string) =>
  db
    .insertInto('orch_devices')
    .values((eb) => ({
      id,
      node_id: nodeId,
      serial: eb.fn.coalesce(eb.val(serial), eb.val(id)),
      status,
      current_task: null,
      metrics_json: null,
      last_seen: now,
      created_at: now,
      updated_at: now,
    }))
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        node_id: nodeId,
        status,
        serial: eb.fn.coalesce(eb.val(serial), eb.ref('orch_devices.serial')),
        last_seen: now,
        updated_at: now,
      })),
    ),
)
export const deviceInHeartbeat = async (db: Db, d: { id: string; node_id: string; status: OrchDevicesTable['status']; serial?: string }, now: string) =>
  void (await deviceListed.run(db, d.id, d.node_id, d.status, d.serial || null, now))

export const updateDevice = (db: Db, id: string, patch: Updateable<OrchDevicesTable>) =>
  db.updateTable('orch_devices').set(patch).where('id', '=', id).execute()

// The per-command device writes, prepared (see insertTask).
const deviceTaken = prepared((db: Kysely<Database>, id: string, taskId: string, now: string) =>
  db.updateTable('orch_devices').set({ status: 'active', current_task: taskId, updated_at: now }).where('id', '=', id),
)
/** The device runs `taskId` (its node accepted it). */
export const deviceActive = (db: Db, id: string, taskId: string, now: string) => deviceTaken.run(db, id, taskId, now)
const deviceFreed = prepared((db: Kysely<Database>, id: string, now: string) =>
  db.updateTable('orch_devices').set({ status: 'idle', updated_at: now }).where('id', '=', id),
)
/** The device is free for its next task. */
export const deviceIdle = (db: Db, id: string, now: string) => deviceFreed.run(db, id, now)
const taskLeft = prepared((db: Kysely<Database>, id: string, taskId: string, now: string) =>
  db.updateTable('orch_devices').set({ current_task: null, updated_at: now }).where('id', '=', id).where('current_task', '=', taskId),
)
/** Clears the device's current task if it still is `taskId`. */
export const leaveDevice = (db: Db, id: string, taskId: string, now: string) => taskLeft.run(db, id, taskId, now)

/** Devices of a node that are not in `keep` go offline (missing from its heartbeat, or the node left). */
export async function devicesOffline(db: Db, nodeId: string, now: string, keep: string[] = []) {
  let q = db.updateTable('orch_devices').set({ status: 'offline', updated_at: now }).where('node_id', '=', nodeId).where('status', '!=', 'offline')
  if (keep.length) q = q.where('id', 'not in', keep)
  await q.execute()
}
