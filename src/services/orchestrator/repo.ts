/**
 * The orchestrator's queries: plain functions taking the database (or a transaction) first.
 * State changes that race (dispatch, results, cancels, timeouts) are compare-and-set updates
 * on the task's current status, so two paths can never both move the same task.
 */
import type { Kysely, Transaction, Updateable } from 'kysely'
import { inTransaction, prepared, preparedFiltered } from '../../db/prepared.js'
import type { Database } from '../database.js'
import type { OrchDevicesTable, OrchNodesTable, OrchResetsTable, OrchTasksTable } from './tables.js'

export type Db = Kysely<Database> | Transaction<Database>
type TaskStatus = OrchTasksTable['status']

export interface Page {
  limit: number
  offset: number
}

const countAll = (eb: { fn: { countAll: () => { as: (n: 'n') => any } } }) => eb.fn.countAll().as('n')
type Counted = { n: number | string | bigint }
const count = async (q: { select: (e: any) => any }) => Number(((await (q as any).select(countAll).executeTakeFirst()) as Counted | undefined)?.n ?? 0)

/** One page of a list and the total across pages, from a prepared page query and count query. */
async function paged<Row>(rows: Promise<Row[]>, total: Promise<Counted | undefined>) {
  const [page, counted] = await Promise.all([rows, total])
  return { rows: page, total: Number(counted?.n ?? 0) }
}

// ---------- nodes ----------

// The per-command lookups are prepared (built and compiled once per database handle).
const nodeById = prepared((db: Kysely<Database>, id: string) => db.selectFrom('orch_nodes').selectAll().where('id', '=', id))
export const getNode = (db: Db, id: string) => nodeById.first(db, id)

/** `where key = value` for each filter given (the lists' filters are all equalities). */
const where = <Q extends { where: (...a: any[]) => Q }>(q: Q, filter: Record<string, unknown>) => {
  for (const [key, value] of Object.entries(filter)) q = q.where(key, '=', value)
  return q
}

type NodeFilter = { status?: OrchNodesTable['status'] }
type NodeWithCount = OrchNodesTable & { device_count: number | string | bigint }
/**
 * The page with each node's device count (a correlated count on the (node_id, id) index, for the
 * page's rows only). The total is a second, index-only count, asked only when the page is full
 * or past the end (a short page ends the list, so it gives the total itself). A window count in
 * the page query saved that round trip but materialized every matching row: 0.40× the
 * hand-written baseline at 1,000 nodes (make bench, section real).
 */
const nodesPage = preparedFiltered<Database, NodeFilter, [number, number], NodeWithCount>(['status'], (db, f, limit, offset) =>
  where(db.selectFrom('orch_nodes'), f)
    .selectAll('orch_nodes')
    .select((eb) => eb.selectFrom('orch_devices').select(eb.fn.countAll().as('n')).whereRef('orch_devices.node_id', '=', 'orch_nodes.id').as('device_count'))
    .orderBy('id')
    .limit(limit)
    .offset(offset),
)
const nodesCount = preparedFiltered<Database, NodeFilter, [], Counted>(['status'], (db, f) => where(db.selectFrom('orch_nodes'), f).select(countAll))

/** A page of nodes with their device counts, and the total across pages. */
export async function listNodes(
  db: Db,
  filter: NodeFilter,
  page: Page,
): Promise<{ rows: Array<{ node: OrchNodesTable; deviceCount: number }>; total: number }> {
  const found = await nodesPage.rows(db, filter, page.limit, page.offset)
  const ended = found.length < page.limit && (found.length > 0 || page.offset === 0)
  const total = ended ? page.offset + found.length : Number((await nodesCount.first(db, filter))?.n ?? 0)
  return {
    rows: found.map(({ device_count, ...node }) => ({ node, deviceCount: Number(device_count) })),
    total,
  }
}

/** A node connected to process `owner`: create it on first sight, remember its address. Status waits for a heartbeat. */
export async function nodeConnected(db: Db, id: string, ip: string | null, now: string, owner: string) {
  await db
    .insertInto('orch_nodes')
    .values({
      id,
      name: id,
      status: 'offline',
      ip,
      version: null,
      last_heartbeat: null,
      connected_at: now,
      disconnected_at: null,
      owner_process: owner,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ip, connected_at: now, disconnected_at: null, owner_process: owner, updated_at: now }))
    .execute()
}

/**
 * The node's connection to process `owner` closed: offline, unless another process holds it by
 * now (the node reconnected elsewhere first). Returns whether this process still held it.
 */
export async function nodeDisconnected(db: Db, id: string, owner: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('orch_nodes')
    .set({ status: 'offline', owner_process: null, disconnected_at: now, updated_at: now })
    .where('id', '=', id)
    .where('owner_process', '=', owner)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export const updateNode = (db: Db, id: string, patch: Updateable<OrchNodesTable>) => db.updateTable('orch_nodes').set(patch).where('id', '=', id).execute()

/** At start-up no node is connected yet: whatever was online is now offline, as of now (its grace starts). */
export async function markAllNodesDisconnected(db: Db, now: string) {
  await db
    .updateTable('orch_nodes')
    .set({ status: 'offline', owner_process: null, disconnected_at: now, updated_at: now })
    .where((eb) => eb.or([eb('status', '!=', 'offline'), eb('owner_process', 'is not', null)]))
    .execute()
  await db.updateTable('orch_devices').set({ status: 'offline', updated_at: now }).where('status', '!=', 'offline').execute()
}

export async function saveMetrics(db: Db, nodeId: string, m: { cpu: number; memory: number; disk: number | null; uptime_seconds: number | null }, now: string) {
  const row = { node_id: nodeId, ...m, reported_at: now }
  await db
    .insertInto('orch_node_metrics')
    .values(row)
    .onConflict((oc) => oc.column('node_id').doUpdateSet({ cpu: m.cpu, memory: m.memory, disk: m.disk, uptime_seconds: m.uptime_seconds, reported_at: now }))
    .execute()
}

export const getMetrics = (db: Db, nodeId: string) => db.selectFrom('orch_node_metrics').selectAll().where('node_id', '=', nodeId).executeTakeFirst()

// ---------- devices ----------

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

// ---------- tasks ----------

const TASK_COLUMNS = [
  'id',
  'device_id',
  'node_id',
  'command',
  'params_json',
  'priority',
  'priority_rank',
  'timeout',
  'status',
  'result_json',
  'error_json',
  'attempts',
  'front',
  'skip_attempt',
  'deadline_at',
  'created_at',
  'started_at',
  'finished_at',
  'updated_at',
] as const satisfies readonly (keyof OrchTasksTable)[]
/**
 * Every command inserts a task and moves it twice: prepared, like the lookups. Building and
 * compiling these writes anew was ~7% of the server's CPU per command (make bench, section real).
 */
const taskInsert = prepared((db: Kysely<Database>, ...values: unknown[]) =>
  db.insertInto('orch_tasks').values(Object.fromEntries(TASK_COLUMNS.map((c, i) => [c, values[i]])) as unknown as OrchTasksTable),
)
export const insertTask = async (db: Db, row: OrchTasksTable) => void (await taskInsert.run(db, ...TASK_COLUMNS.map((c) => row[c])))

const taskById = prepared((db: Kysely<Database>, id: string) => db.selectFrom('orch_tasks').selectAll().where('id', '=', id))
export const getTask = (db: Db, id: string) => taskById.first(db, id)

type TaskFilter = { device_id?: string; node_id?: string; status?: TaskStatus }
const TASK_FILTERS = ['device_id', 'node_id', 'status'] as const
const tasksPage = preparedFiltered<Database, TaskFilter, [number, number], OrchTasksTable>(TASK_FILTERS, (db, f, limit, offset) =>
  where(db.selectFrom('orch_tasks'), f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset),
)
const tasksCount = preparedFiltered<Database, TaskFilter, [], Counted>(TASK_FILTERS, (db, f) => where(db.selectFrom('orch_tasks'), f).select(countAll))

export async function listTasks(db: Db, filter: TaskFilter, page: Page) {
  return paged(tasksPage.rows(db, filter, page.limit, page.offset), tasksCount.first(db, filter))
}

const queuedCount = prepared((db: Kysely<Database>, deviceId: string) =>
  db
    .selectFrom('orch_tasks')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('device_id', '=', deviceId)
    .where('status', '=', 'queued'),
)
export const countQueued = async (db: Db, deviceId: string) => Number((await queuedCount.first(db, deviceId))?.n ?? 0)

const runningOfDevice = prepared((db: Kysely<Database>, deviceId: string) =>
  db.selectFrom('orch_tasks').selectAll().where('device_id', '=', deviceId).where('status', '=', 'running'),
)
export const runningTaskOf = (db: Db, deviceId: string) => runningOfDevice.first(db, deviceId)

/** The head of a device's queue: requeued tasks first, then high → normal → low, then FIFO. */
const queueHead = prepared((db: Kysely<Database>, deviceId: string) =>
  db
    .selectFrom('orch_tasks')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('status', '=', 'queued')
    .orderBy('front', 'desc')
    .orderBy('priority_rank', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1),
)
export const nextQueued = (db: Db, deviceId: string) => queueHead.first(db, deviceId)

export const runningTasksOfNode = (db: Db, nodeId: string) =>
  db
    .selectFrom('orch_tasks')
    .innerJoin('orch_devices', 'orch_devices.id', 'orch_tasks.device_id')
    .selectAll('orch_tasks')
    .where('orch_devices.node_id', '=', nodeId)
    .where('orch_tasks.status', '=', 'running')
    .execute()

export const runningTasks = (db: Db) => db.selectFrom('orch_tasks').selectAll().where('status', '=', 'running').execute()

export const overdueTasks = (db: Db, now: string) =>
  db.selectFrom('orch_tasks').selectAll().where('status', '=', 'running').where('deadline_at', '<=', now).execute()

/** Devices (of one node, or all) that have queued work. */
export async function devicesWithQueue(db: Db, nodeId?: string): Promise<string[]> {
  let q = db
    .selectFrom('orch_tasks')
    .innerJoin('orch_devices', 'orch_devices.id', 'orch_tasks.device_id')
    .select('orch_tasks.device_id')
    .distinct()
    .where('orch_tasks.status', '=', 'queued')
  if (nodeId) q = q.where('orch_devices.node_id', '=', nodeId)
  return (await q.execute()).map((r) => r.device_id)
}

const taskStarted = prepared((db: Kysely<Database>, id: string, attempts: number, startedAt: string, deadlineAt: string) =>
  db
    .updateTable('orch_tasks')
    .set({ status: 'running', attempts, skip_attempt: 0, front: 0, started_at: startedAt, deadline_at: deadlineAt, updated_at: startedAt })
    .where('id', '=', id)
    .where('status', '=', 'queued'),
)
/** queued → running (its node accepted it); false when it was no longer queued. */
export const startTask = async (db: Db, id: string, attempts: number, now: string, deadlineAt: string) =>
  (await taskStarted.run(db, id, attempts, now, deadlineAt)) === 1

const taskEnded = prepared(
  (db: Kysely<Database>, id: string, status: 'completed' | 'failed' | 'cancelled', result: string | null, error: string | null, now: string) =>
    db
      .updateTable('orch_tasks')
      .set({ status, result_json: result, error_json: error, finished_at: now, deadline_at: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running'),
)
/** running → finished (a node's result, most often); false when it was no longer running. */
export const endRunningTask = async (
  db: Db,
  id: string,
  status: 'completed' | 'failed' | 'cancelled',
  resultJson: string | null,
  errorJson: string | null,
  now: string,
) => (await taskEnded.run(db, id, status, resultJson, errorJson, now)) === 1

/**
 * Moves a task only if it is still in `from` (and, given `startedAt`, still in the run that
 * started then: two processes applying the lost-task rule to the same run move it once).
 * Returns whether it moved.
 */
export async function transitionTask(
  db: Db,
  id: string,
  from: TaskStatus | TaskStatus[],
  patch: Updateable<OrchTasksTable>,
  startedAt?: string | null,
): Promise<boolean> {
  const froms = Array.isArray(from) ? from : [from]
  let q = db.updateTable('orch_tasks').set(patch).where('id', '=', id).where('status', 'in', froms)
  if (startedAt !== undefined) q = startedAt === null ? q.where('started_at', 'is', null) : q.where('started_at', '=', startedAt)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

// ---------- emergency ----------

export const insertReset = (db: Db, row: OrchResetsTable) => db.insertInto('orch_resets').values(row).execute()

export const updateReset = (db: Db, id: string, patch: Updateable<OrchResetsTable>) => db.updateTable('orch_resets').set(patch).where('id', '=', id).execute()

export async function listResets(db: Db, filter: { level?: OrchResetsTable['level'] }, page: Page) {
  let q = db.selectFrom('orch_resets')
  if (filter.level) q = q.where('level', '=', filter.level)
  const rows = await q.selectAll().orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute()
  return { rows, total: await count(q) }
}

/** Issues a code: every earlier unused code is superseded, so at most one is valid. */
export async function insertConfirmCode(
  db: Kysely<Database>,
  row: { code_hash: string; approver: string; reason: string | null; issued_at: string; expires_at: string },
) {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('orch_confirm_codes').set({ superseded: 1 }).where('used_at', 'is', null).execute()
    await trx
      .insertInto('orch_confirm_codes')
      .values({ ...row, used_at: null, superseded: 0 })
      .execute()
  })
}

export const findConfirmCode = (db: Db, codeHash: string) =>
  db.selectFrom('orch_confirm_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst()

/** Spends a code once: false when someone else spent it first. */
export async function useConfirmCode(db: Db, codeHash: string, now: string): Promise<boolean> {
  const r = await db.updateTable('orch_confirm_codes').set({ used_at: now }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
