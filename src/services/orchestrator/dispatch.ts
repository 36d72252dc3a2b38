/**
 * Moves tasks between states and onto nodes. A device runs one task at a time: `pump(device)`
 * sends the head of its queue (`execute`) when the device is idle on a ready, online node, and
 * awaits the node's acceptance (running) or refusal (asyncapi error table). Every transition is
 * a compare-and-set on the task's status, so cancels, results, timeouts and resets may race.
 *
 * The lost-task rule (spec `Task`): a running task whose node vanished is requeued to the head
 * of its queue once (its next run counts as attempt 2); lost again it fails with NODE_LOST.
 * Requeues by an emergency reset do not count as attempts.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'
import type { Clock } from '../../deps.js'
import type { Logger } from '../../kit/logger.js'
import type { NodeHub } from './hub/hub.js'
import type { NodeConnection, RequestOutcome } from './hub/connection.js'
import { RPC } from './hub/jsonrpc.js'
import type { OrchestratorSettings } from './settings.js'
import type { OrchTasksTable } from './tables.js'
import * as repo from './repo.js'

type Task = OrchTasksTable
type Finished = 'completed' | 'failed' | 'cancelled'

export interface TaskErrorValue {
  code: string
  message: string
  details?: Record<string, unknown>
}

export class Dispatcher {
  /** Devices with an `execute` awaiting the node's answer. */
  private readonly dispatching = new Set<string>()
  /** Tasks whose `execute` is out and not yet recorded (see whenDispatched). */
  private readonly inFlight = new Map<string, Promise<void>>()
  /** Devices kicked while being pumped: pump them again before letting go. */
  private readonly rerun = new Set<string>()
  /** Devices whose node answered Device busy: nothing is sent until it reports idle. */
  private readonly held = new Set<string>()
  /** Which connection accepted each running task; a task missing here was started before a reconnect or restart. */
  readonly acceptedOn = new Map<string, number>()

  constructor(private readonly o: { db: Kysely<Database>; hub: NodeHub; settings: OrchestratorSettings; clock: Clock; logger: Logger }) {}

  private now = () => this.o.clock.now().toISOString()

  /** The device reported idle: a Device busy hold is over. */
  release(deviceId: string) {
    this.held.delete(deviceId)
  }

  /** Forget in-memory dispatch state (L1 `orchestrator`): the database is the queue. */
  resetState() {
    this.held.clear()
    this.o.hub.abortPending()
  }

  /** Fire-and-forget pump, for callers that must not wait for a node's answer. */
  kick(deviceId: string) {
    this.pump(deviceId).catch((e) => this.o.logger.error('dispatch failed', { deviceId, error: (e as Error).message, stack: (e as Error).stack }))
  }

  async kickNode(nodeId?: string) {
    for (const d of await repo.devicesWithQueue(this.o.db, nodeId)) this.kick(d)
  }

  async pump(deviceId: string): Promise<void> {
    if (this.held.has(deviceId)) return
    // A kick that arrives while this device is being pumped must not be lost: the running pump
    // may already have read the device as busy. It runs once more instead.
    if (this.dispatching.has(deviceId)) return void this.rerun.add(deviceId)
    this.dispatching.add(deviceId)
    try {
      do {
        this.rerun.delete(deviceId)
        // A refused or timed-out task frees the device for the next one.
        while (await this.dispatchOne(deviceId)) {}
      } while (this.rerun.has(deviceId) && !this.held.has(deviceId))
    } finally {
      this.dispatching.delete(deviceId)
      this.rerun.delete(deviceId)
    }
  }

  /** Sends one task; true when the device is free again and the queue should be tried again. */
  private async dispatchOne(deviceId: string): Promise<boolean> {
    const { db } = this.o
    const device = await repo.getDevice(db, deviceId)
    if (!device || device.status !== 'idle' || this.held.has(deviceId)) return false
    const conn = this.o.hub.connection(device.node_id)
    if (!conn?.ready) return false
    const node = await repo.getNode(db, device.node_id)
    if (node?.status !== 'online') return false
    if (await repo.runningTaskOf(db, deviceId)) return false
    const task = await repo.nextQueued(db, deviceId)
    if (!task) return false
    const { executeTimeoutMs } = this.o.settings.timings
    let settle!: () => void
    this.inFlight.set(task.id, new Promise<void>((resolve) => (settle = resolve)))
    try {
      const outcome = await conn.request(
        'execute',
        { task_id: task.id, device_id: deviceId, command: task.command, args: JSON.parse(task.params_json), timeout: task.timeout },
        executeTimeoutMs,
      )
      return await this.accepted(task, conn, outcome, executeTimeoutMs)
    } finally {
      this.inFlight.delete(task.id)
      settle()
    }
  }

  /**
   * Resolves once an `execute` for this task has been answered and recorded. A fast node can
   * report `task_result` before the task is marked running; its handler waits here instead of
   * refusing the result (the node answers `execute` first, so this cannot wait on itself).
   */
  whenDispatched(taskId: string): Promise<void> | undefined {
    return this.inFlight.get(taskId)
  }

  private async accepted(task: Task, conn: NodeConnection, outcome: RequestOutcome, timeoutMs: number): Promise<boolean> {
    const { db } = this.o
    const now = this.now()
    switch (outcome.kind) {
      case 'aborted':
        return false // stays queued; sent again when the node (re)connects or a reset re-dispatches
      case 'timeout':
        await this.fail(task, 'queued', { code: 'DISPATCH_TIMEOUT', message: `Node did not answer execute within ${Math.ceil(timeoutMs / 1000)}s` })
        return true
      case 'error': {
        const { code, message, data } = outcome.error
        if (code === RPC.deviceBusy.code) {
          this.held.add(task.device_id)
          await repo.transitionTask(db, task.id, 'queued', { front: 1, updated_at: now })
          return false
        }
        if (code === RPC.deviceOffline.code) {
          await repo.updateDevice(db, task.device_id, { status: 'offline', updated_at: now })
          await this.fail(task, 'queued', { code: 'DEVICE_OFFLINE', message })
          return false
        }
        await this.fail(task, 'queued', { code: 'NODE_ERROR', message, details: { rpc_code: code, ...(data ?? {}) } })
        return true
      }
      case 'result': {
        const deadline = new Date(Date.parse(now) + task.timeout * 1000).toISOString()
        // Known as this connection's before it reads as running: a heartbeat handled meanwhile
        // (sent before the node took the task, so reporting the device idle) must not lose it.
        this.acceptedOn.set(task.id, conn.id)
        const moved = await repo.startTask(db, task.id, task.skip_attempt ? task.attempts : task.attempts + 1, now, deadline)
        if (!moved) {
          this.acceptedOn.delete(task.id)
          // Cancelled while the node was accepting it: tell the node to stop.
          void conn.request('cancel', { task_id: task.id, device_id: task.device_id, reason: 'Cancelled before start' }, timeoutMs)
          return false
        }
        await repo.deviceActive(db, task.device_id, task.id, now)
        return false
      }
    }
  }

  /** Ends a task that is in `from`; clears the device's current task. */
  async fail(task: Task, from: Task['status'], error: TaskErrorValue): Promise<boolean> {
    return this.finish(task, from, 'failed', null, error)
  }

  async finish(
    task: Task,
    from: Task['status'] | Task['status'][],
    status: Finished,
    result: Record<string, unknown> | null,
    error: TaskErrorValue | null,
    startedAt?: string | null,
  ): Promise<boolean> {
    const now = this.now()
    const resultJson = result === null ? null : JSON.stringify(result)
    const errorJson = error === null ? null : JSON.stringify(error)
    // A node's result on a running task (every command's end) takes the prepared statement.
    const moved =
      from === 'running' && startedAt === undefined
        ? await repo.endRunningTask(this.o.db, task.id, status, resultJson, errorJson, now)
        : await repo.transitionTask(
            this.o.db,
            task.id,
            from,
            { status, result_json: resultJson, error_json: errorJson, finished_at: now, deadline_at: null, updated_at: now },
            startedAt,
          )
    if (moved) await this.leaveDevice(task)
    return moved
  }

  /** Requeues a running task at the head of its queue (lost node or reset). */
  async requeue(task: Task, byReset: boolean, startedAt?: string | null): Promise<boolean> {
    const now = this.now()
    const patch = { status: 'queued' as const, front: 1, skip_attempt: byReset ? 1 : 0, deadline_at: null, updated_at: now }
    const moved = await repo.transitionTask(this.o.db, task.id, 'running', patch, startedAt)
    if (moved) await this.leaveDevice(task)
    return moved
  }

  /**
   * The lost-task rule for a running task whose node went away. Bound to the run read (its
   * start time): another process applying the rule to the same run at once moves it only once.
   */
  async lose(task: Task): Promise<void> {
    if (task.attempts >= 2) {
      const error = { code: 'NODE_LOST', message: `Node connection lost while running (attempt ${task.attempts})` }
      await this.finish(task, 'running', 'failed', null, error, task.started_at)
    } else {
      await this.requeue(task, false, task.started_at)
    }
  }

  /** Stops a running task on a node connected here (cancel or timeout); the answer is only logged. */
  stopOnNode(task: Pick<Task, 'id' | 'device_id'>, nodeId: string, reason: string) {
    const conn = this.o.hub.connection(nodeId)
    if (!conn) return
    void conn
      .request('cancel', { task_id: task.id, device_id: task.device_id, reason: reason.slice(0, 500) }, this.o.settings.timings.executeTimeoutMs)
      .then((o) => {
        if (o.kind !== 'result') this.o.logger.info('cancel not confirmed by node', { taskId: task.id, outcome: o.kind })
      })
  }

  private async leaveDevice(task: Task) {
    this.acceptedOn.delete(task.id)
    await repo.leaveDevice(this.o.db, task.device_id, task.id, this.now())
  }
}
