/**
 * Tasks: the command's insert, lookups and lists, the queue head, and the compare-and-set
 * transitions (queued → running → finished, requeues) that let racing paths move a task once.
 */
import type { Kysely, Updateable } from 'kysely'
import { preparedFiltered, prepared } from '../../../db/prepared.js'
import type { Database } from '../../database.js'
import type { OrchTasksTable } from '../tables.js'
import { countAll, paged, where, type Counted, type Db, type Page, type TaskStatus } from './shared.js'

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
