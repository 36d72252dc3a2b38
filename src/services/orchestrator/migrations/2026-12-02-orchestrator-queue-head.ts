/**
 * A device's queue head in one index seek. `nextQueued` orders a device's queued tasks (requeued
 * first, then priority, then FIFO); with only (device_id, status) indexed, SQLite fetched every
 * queued row of the device and sorted them for each dispatch, so a burst that built long queues
 * made every dispatch slower (make bench, issue 15). The index is in the query's order; it starts
 * with (device_id, status), so the index of those two alone goes (one less to write per insert).
 * Frozen in time: never edit a landed migration.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('orch_tasks_queue_head')
    .on('orch_tasks')
    .columns(['device_id', 'status', 'front desc', 'priority_rank desc', 'created_at', 'id'])
    .execute()
  await db.schema.dropIndex('orch_tasks_device_status').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('orch_tasks_device_status').on('orch_tasks').columns(['device_id', 'status']).execute()
  await db.schema.dropIndex('orch_tasks_queue_head').execute()
}
