/**
 * The orchestrator's queue head (repo.nextQueued: requeued first, then priority, then FIFO) is one
 * index seek: no sort of the device's whole queue per dispatch (make bench, issue 15: with long
 * queues every dispatch read and sorted them all). Checked on SQLite's query plan, and the head
 * itself against a hand-ordered queue on both databases.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../../src/db/connect.js'
import { migrateToLatest } from '../../../src/db/migrate.js'
import { orchestratorMigrations } from '../../../src/services/orchestrator/migrations/index.js'
import * as repo from '../../../src/services/orchestrator/repo.js'
import { freshDatabaseUrl } from '../../support/database.js'

let database: Awaited<ReturnType<typeof connect>>
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 0, 0, s)).toISOString()

beforeAll(async () => {
  database = await connect(await freshDatabaseUrl())
  await migrateToLatest(database.db, [orchestratorMigrations])
  const db = database.db
  await db
    .insertInto('orch_nodes')
    .values({
      id: 'node-1',
      name: 'n',
      status: 'online',
      ip: null,
      version: null,
      last_heartbeat: null,
      connected_at: null,
      disconnected_at: null,
      created_at: at(0),
      updated_at: at(0),
    })
    .execute()
  await db
    .insertInto('orch_devices')
    .values({
      id: 'dev-1',
      node_id: 'node-1',
      serial: 's',
      status: 'idle',
      current_task: null,
      metrics_json: null,
      last_seen: null,
      created_at: at(0),
      updated_at: at(0),
    })
    .execute()
  // [id, priority rank, front, created second, status]
  const rows: [string, number, number, number, string][] = [
    ['t-low-old', 1, 0, 1, 'queued'],
    ['t-high-new', 3, 0, 9, 'queued'],
    ['t-high-old', 3, 0, 5, 'queued'],
    ['t-normal-front', 2, 1, 7, 'queued'],
    ['t-front-done', 3, 1, 0, 'completed'],
  ]
  for (const [id, rank, front, s, status] of rows) {
    await db
      .insertInto('orch_tasks')
      .values({
        id,
        device_id: 'dev-1',
        node_id: 'node-1',
        command: 'reboot',
        params_json: '{}',
        priority: rank === 3 ? 'high' : rank === 2 ? 'normal' : 'low',
        priority_rank: rank,
        timeout: 60,
        status: status as 'queued',
        result_json: null,
        error_json: null,
        attempts: 0,
        front,
        skip_attempt: 0,
        deadline_at: null,
        created_at: at(s),
        started_at: null,
        finished_at: null,
        updated_at: at(s),
      })
      .execute()
  }
})
afterAll(() => database?.close())

describe('the queue head', () => {
  it('is the requeued task first, then the highest priority, oldest first', async () => {
    const order: string[] = []
    for (let head = await repo.nextQueued(database.db, 'dev-1'); head; head = await repo.nextQueued(database.db, 'dev-1')) {
      order.push(head.id)
      await database.db.updateTable('orch_tasks').set({ status: 'completed' }).where('id', '=', head.id).execute()
    }
    expect(order).toEqual(['t-normal-front', 't-high-old', 't-high-new', 't-low-old'])
  })

  it.runIf(!process.env.TEST_DATABASE_URL)('is read through an index in its order (SQLite plan: no temporary B-tree)', async () => {
    const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT * FROM orch_tasks WHERE device_id = ${'dev-1'} AND status = ${'queued'}
      ORDER BY front DESC, priority_rank DESC, created_at, id LIMIT 1`.execute(database.db)
    const details = plan.rows.map((r) => r.detail)
    expect(details.join(' | ')).toContain('orch_tasks_queue_head')
    expect(details.join(' | ')).not.toContain('TEMP B-TREE')
  })
})
