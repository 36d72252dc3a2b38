/**
 * What node → orchestrator messages mean (asyncapi operations): heartbeat, device_status and
 * task_result update nodes, devices and tasks; connects, drops and pings move the node's status.
 * A node may only speak for itself, its own devices and their tasks (−32001).
 */
import type { Kysely } from 'kysely'
import type * as W from '../../../generated/orchestrator-ws/types/types.gen.js'
import type { Database } from '../database.js'
import type { Clock } from '../../deps.js'
import type { Dispatcher } from './dispatch.js'
import type { NodeHub, NodeMethod, NodeProtocol } from './hub/hub.js'
import type { NodeConnection } from './hub/connection.js'
import { RPC, RpcFailure } from './hub/jsonrpc.js'
import type { NodeRouter } from './cluster/router.js'
import * as repo from './repo.js'

/** `dispatcher` and `hub` are getters: they are built after the protocol they depend on. */
export function nodeProtocol(o: { db: Kysely<Database>; clock: Clock; router: NodeRouter; dispatcher: () => Dispatcher; hub: () => NodeHub }): NodeProtocol {
  const { db } = o
  const now = () => o.clock.now().toISOString()

  /** A device registered to another node that is still online is not this node's to report. */
  async function foreign(conn: NodeConnection, deviceId: string): Promise<boolean> {
    const d = await repo.getDevice(db, deviceId)
    if (!d || d.node_id === conn.nodeId) return false
    const owner = await repo.getNode(db, d.node_id)
    return owner?.status === 'online' && o.router.connected(owner)
  }

  /**
   * A device's running task that this connection did not start (reconnect, restart) is kept
   * when the node reports it as current, lost when the node reports the device idle.
   */
  async function reconcile(conn: NodeConnection, deviceId: string, status: string, current: string | null | undefined) {
    const running = await repo.runningTaskOf(db, deviceId)
    if (!running || o.dispatcher().acceptedOn.get(running.id) === conn.id) return
    if (current === running.id) o.dispatcher().acceptedOn.set(running.id, conn.id)
    else if (status === 'idle' || status === 'offline' || current !== undefined) await o.dispatcher().lose(running)
  }

  async function heartbeat(conn: NodeConnection, p: W.HeartbeatParams) {
    if (p.node_id !== conn.nodeId) throw new RpcFailure(RPC.forbidden, { node_id: p.node_id, details: 'node_id differs from the connection' })
    const t = now()
    const node = await repo.getNode(db, conn.nodeId)
    await repo.updateNode(db, conn.nodeId, {
      // `error` (a ping went unanswered) ends only with a ping answered in time (the AsyncAPI
      // sendPing operation), not with a heartbeat.
      status: node?.status === 'error' ? 'error' : 'online',
      last_heartbeat: t,
      updated_at: t,
      ...(p.name ? { name: p.name } : {}),
      ...(p.version ? { version: p.version } : {}),
      ...(node?.name ? {} : { name: conn.nodeId }),
    })
    await repo.saveMetrics(
      db,
      conn.nodeId,
      { cpu: p.metrics.cpu, memory: p.metrics.memory, disk: p.metrics.disk, uptime_seconds: p.metrics.uptime_seconds ?? null },
      t,
    )
    const rejected: string[] = []
    const kept: string[] = []
    for (const d of p.devices) {
      if (await foreign(conn, d.id)) {
        rejected.push(d.id)
        continue
      }
      kept.push(d.id)
      await repo.deviceInHeartbeat(db, { id: d.id, node_id: conn.nodeId, status: d.status, serial: d.serial }, t)
      await reconcile(conn, d.id, d.status, undefined)
    }
    await repo.devicesOffline(db, conn.nodeId, t, kept)
    conn.ready = true
    for (const d of p.devices) if (d.status === 'idle' && kept.includes(d.id)) o.dispatcher().release(d.id)
    await o.dispatcher().kickNode(conn.nodeId)
    if (rejected.length) throw new RpcFailure(RPC.forbidden, { device_ids: rejected, details: 'devices registered to another online node' })
  }

  async function deviceStatus(conn: NodeConnection, p: W.DeviceStatusParams) {
    if (await foreign(conn, p.device_id)) throw new RpcFailure(RPC.forbidden, { device_id: p.device_id })
    if (p.current_task) {
      const task = await repo.getTask(db, p.current_task)
      if (!task || task.device_id !== p.device_id) throw new RpcFailure(RPC.forbidden, { task_id: p.current_task })
    }
    const t = now()
    const existing = await repo.getDevice(db, p.device_id)
    await repo.upsertDevice(
      db,
      {
        id: p.device_id,
        node_id: conn.nodeId,
        status: p.status,
        serial: p.serial,
        metrics_json: p.metrics ? JSON.stringify(p.metrics) : (existing?.metrics_json ?? null),
      },
      t,
    )
    await reconcile(conn, p.device_id, p.status, p.current_task)
    const running = await repo.runningTaskOf(db, p.device_id)
    await repo.updateDevice(db, p.device_id, { current_task: running?.id ?? null })
    if (p.status === 'idle') {
      o.dispatcher().release(p.device_id)
      o.dispatcher().kick(p.device_id)
    }
  }

  async function taskResult(conn: NodeConnection, p: W.TaskResultParams) {
    const dispatching = o.dispatcher().whenDispatched(p.task_id)
    if (dispatching) await dispatching
    const task = await repo.getTask(db, p.task_id)
    if (!task) throw new RpcFailure(RPC.taskNotFound, { task_id: p.task_id })
    const device = await repo.getDevice(db, task.device_id)
    if (device?.node_id !== conn.nodeId) throw new RpcFailure(RPC.forbidden, { task_id: p.task_id })
    const notRunning = () => new RpcFailure(RPC.taskNotRunning, { task_id: task.id, status: task.status })
    // A copy of a result already recorded (the node resends until it hears back, across
    // reconnects and restarts), or the node's word on a task already ended here (cancelled,
    // timed out): acknowledged, the task unchanged.
    if (task.status === p.status) return freed(task.device_id, task.id)
    const error =
      p.error ??
      (p.status === 'failed'
        ? { code: 'NODE_ERROR', message: 'Node reported failure without a reason' }
        : p.status === 'cancelled'
          ? { code: 'CANCELLED', message: 'Cancelled on the node' }
          : null)
    const finished = task.status === 'running' && (await o.dispatcher().finish(task, 'running', p.status, p.result, error))
    // Taken or not, the node is no longer running it.
    await freed(task.device_id, task.id)
    if (!finished) throw notRunning()
  }

  /** The node is done with a task, so its device is free for the next one (unless it has moved on). */
  async function freed(deviceId: string, taskId: string) {
    const device = await repo.getDevice(db, deviceId)
    if (!device || (device.current_task !== null && device.current_task !== taskId)) return
    await repo.deviceIdle(db, deviceId, now())
    o.dispatcher().release(deviceId)
    o.dispatcher().kick(deviceId)
  }

  return {
    async connected(conn) {
      const { router } = o
      // A node that reconnects here while another process still holds its old connection: that
      // process closes it (4003), as one process does for a replaced connection.
      const previous = router.shared ? (await repo.getNode(db, conn.nodeId))?.owner_process : null
      await repo.nodeConnected(db, conn.nodeId, conn.ip, now(), router.processId)
      if (previous && previous !== router.processId) router.replaced(conn.nodeId, previous)
    },
    async disconnected(conn) {
      const t = now()
      // Running tasks keep their state for the heartbeat timeout: the node may come back (sweeper).
      // A node that already reconnected to another process stays as that process has it.
      if (await repo.nodeDisconnected(db, conn.nodeId, o.router.processId, t)) await repo.devicesOffline(db, conn.nodeId, t)
    },
    async call(conn, method: NodeMethod, params) {
      if (method === 'heartbeat') return heartbeat(conn, params)
      if (method === 'device_status') return deviceStatus(conn, params)
      return taskResult(conn, params)
    },
    async ownsTask(conn, taskId) {
      const task = await repo.getTask(db, taskId)
      const device = task && (await repo.getDevice(db, task.device_id))
      return !!device && device.node_id === conn.nodeId
    },
    async pingAnswered(conn, answered) {
      const node = await repo.getNode(db, conn.nodeId)
      if (!node || !o.hub().connection(conn.nodeId)) return
      const t = now()
      if (!answered && node.status === 'online') await repo.updateNode(db, conn.nodeId, { status: 'error', updated_at: t })
      if (answered && node.status === 'error') {
        await repo.updateNode(db, conn.nodeId, { status: 'online', updated_at: t })
        await o.dispatcher().kickNode(conn.nodeId)
      }
    },
  }
}
