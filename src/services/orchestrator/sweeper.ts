/**
 * The periodic checks no message triggers: nodes whose heartbeats stopped go offline, running
 * tasks of nodes gone longer than the heartbeat timeout fall under the lost-task rule, and
 * running tasks past their `timeout` fail with TIMEOUT (the node is told to cancel). With several
 * processes on PostgreSQL one sweeps for all: the holder of an advisory lock (Leadership), which
 * another process takes over at its next tick when the leader dies. Every change is a
 * compare-and-set all the same, so a task moves once even if two ever overlap.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'
import type { Clock } from '../../deps.js'
import type { Logger } from '../../kit/logger.js'
import type { Dispatcher } from './dispatch.js'
import type { NodeRouter } from './cluster/router.js'
import type { OrchestratorSettings } from './settings.js'
import { Leadership, LOCK_KEYS } from '../../db/advisory-lock.js'
import * as repo from './repo.js'

export interface SweeperOptions {
  db: Kysely<Database>
  clock: Clock
  logger: Logger
  settings: OrchestratorSettings
  dispatcher: Dispatcher
  router: NodeRouter
}

export async function sweep({ db, clock, settings, dispatcher, router }: SweeperOptions): Promise<void> {
  const nowMs = clock.now().getTime()
  const now = new Date(nowMs).toISOString()
  const cutoff = new Date(nowMs - settings.timings.heartbeatTimeoutMs).toISOString()

  const silent = await db.selectFrom('orch_nodes').selectAll().where('status', '!=', 'offline').execute()
  for (const node of silent) {
    const lastSign = node.last_heartbeat ?? node.connected_at ?? node.updated_at
    if (lastSign > cutoff) continue
    await repo.updateNode(db, node.id, { status: 'offline', updated_at: now })
    await repo.devicesOffline(db, node.id, now)
    for (const task of await repo.runningTasksOfNode(db, node.id)) await dispatcher.lose(task)
  }

  for (const task of await repo.runningTasks(db)) {
    const device = await repo.getDevice(db, task.device_id)
    if (!device) continue
    const node = await repo.getNode(db, device.node_id)
    // Connected to this process, or (several processes) to another one that is alive.
    if (router.connected(node ?? { id: device.node_id, owner_process: null })) continue
    const goneSince = node?.disconnected_at ?? node?.updated_at ?? now
    if (goneSince <= cutoff) await dispatcher.lose(task)
  }

  for (const task of await repo.overdueTasks(db, now)) {
    const failed = await dispatcher.fail(task, 'running', { code: 'TIMEOUT', message: `No task_result within ${task.timeout}s` })
    const device = failed ? await repo.getDevice(db, task.device_id) : undefined
    if (device) router.cancel(task, device.node_id, 'Task timed out')
  }
}

/**
 * Runs `sweep` on an interval (never two at once) while this process leads (always, on SQLite);
 * the returned stop waits for a sweep under way and gives the lead up.
 */
export function startSweeper(o: SweeperOptions): () => Promise<void> {
  let current: Promise<void> | null = null
  let leading = false
  const leadership = new Leadership(o.db, LOCK_KEYS.orchSweeper)
  const every = Math.max(50, Math.min(1000, Math.floor(o.settings.timings.heartbeatTimeoutMs / 4)))
  const tick = async () => {
    const leads = await leadership.lead()
    if (leads !== leading) o.logger.info(leads ? 'sweeper: this process sweeps for all' : 'sweeper: another process sweeps')
    leading = leads
    if (!leads) return o.logger.debug('not swept: another process sweeps')
    await sweep(o)
    o.logger.debug('swept')
  }
  const timer = setInterval(() => {
    if (current) return
    current = tick()
      .catch((e) => o.logger.error('sweep failed', { error: (e as Error).message }))
      .finally(() => (current = null))
  }, every)
  timer.unref?.()
  return async () => {
    clearInterval(timer)
    await current
    await leadership.release()
  }
}
