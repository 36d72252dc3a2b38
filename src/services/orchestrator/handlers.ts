/**
 * The orchestrator's REST operations (generated interface: a missing one does not compile).
 * Expected failures are documented responses built by `problem`; queue and priority rules are
 * those of `sendDeviceCommand` in the spec.
 */
import { sql } from 'kysely'
import { inTransaction } from '../../db/prepared.js'
import type { OrchestratorHandlers } from '../../../generated/orchestrator/handlers.gen.js'
import type { RequestMeta } from '../../kit/types.js'
import type { Orchestrator } from './wiring.js'
import { newTaskId } from './ids.js'
import { fieldProblem, isoSeconds, problem } from './problem.js'
import { deviceShape, deviceSummaryShape, metricsShape, nodeShape, resetShape, taskShape } from './shapes.js'
import * as repo from './repo.js'

export interface OrchestratorContext {
  orch: Orchestrator
  request: RequestMeta
}

const PRIORITY_RANK = { low: 1, normal: 2, high: 3 } as const

const at = (ctx: OrchestratorContext) => ({ request: ctx.request, now: ctx.orch.clock.now() })

/** 503 while an L2 service reset is in progress (commands and cancels wait for it). */
const resetting = (ctx: OrchestratorContext) => {
  const active = ctx.orch.emergency.serviceResetActive
  return active ? problem(at(ctx), 503, 'SERVICE_UNAVAILABLE', 'SRV_003', { reason: 'service_reset_in_progress', reset_id: active.id }) : null
}

export const orchestratorHandlers: OrchestratorHandlers<OrchestratorContext> = {
  async getHealth(_req, { orch }) {
    const database = await sql`select 1 as ok`
      .execute(orch.db)
      .then(() => 'ok' as const)
      .catch(() => 'error' as const)
    const websocket = orch.hub.healthy ? ('ok' as const) : ('error' as const)
    const ok = database === 'ok' && websocket === 'ok'
    const body = {
      status: ok ? ('ok' as const) : ('degraded' as const),
      version: orch.version,
      timestamp: isoSeconds(orch.clock.now()),
      services: { database, websocket },
    }
    return ok ? { status: 200, body } : { status: 503, body }
  },

  async listNodes({ query }, { orch }) {
    await orch.ready
    const { rows, total } = await repo.listNodes(orch.db, { status: query.status }, query)
    return { status: 200, body: { nodes: rows.map((r) => nodeShape(r.node, r.deviceCount)), total, limit: query.limit, offset: query.offset } }
  },

  async getNode({ path }, ctx) {
    const { orch } = ctx
    await orch.ready
    const node = await repo.getNode(orch.db, path.node_id)
    if (!node) return problem(at(ctx), 404, 'NOT_FOUND', 'RES_001', { node_id: path.node_id })
    const [devices, metrics] = await Promise.all([repo.devicesOfNode(orch.db, node.id), repo.getMetrics(orch.db, node.id)])
    return {
      status: 200,
      body: { ...nodeShape(node, devices.length), devices: devices.map(deviceSummaryShape), metrics: metricsShape(metrics, node, orch.clock.now()) },
    }
  },

  async listDevices({ query }, { orch }) {
    const { rows, total } = await repo.listDevices(orch.db, { node_id: query.node_id, status: query.status }, query)
    return { status: 200, body: { devices: rows.map(deviceShape), total, limit: query.limit, offset: query.offset } }
  },

  async getDevice({ path }, ctx) {
    const { orch } = ctx
    const device = await repo.getDevice(orch.db, path.device_id)
    if (!device) return problem(at(ctx), 404, 'NOT_FOUND', 'RES_002', { device_id: path.device_id })
    const [node, queued] = await Promise.all([repo.getNode(orch.db, device.node_id), repo.countQueued(orch.db, device.id)])
    return {
      status: 200,
      body: { ...deviceShape(device), node_status: node?.status ?? 'offline', queue_length: queued, queue_limit: orch.settings.timings.queueLimit },
    }
  },

  async sendDeviceCommand({ path, body }, ctx) {
    const { orch } = ctx
    const device = await repo.getDevice(orch.db, path.device_id)
    if (!device) return problem(at(ctx), 404, 'NOT_FOUND', 'RES_002', { device_id: path.device_id })
    const busyReset = resetting(ctx)
    if (busyReset) return busyReset
    const node = await repo.getNode(orch.db, device.node_id)
    const nodeStatus = node?.status ?? 'offline'
    if (nodeStatus !== 'online') return problem(at(ctx), 409, 'CONFLICT', 'BIZ_001', { node_id: device.node_id, node_status: nodeStatus })
    if (device.status === 'offline') return problem(at(ctx), 409, 'CONFLICT', 'BIZ_004', { reason: 'device_offline', device_id: device.id })
    if (device.status === 'error' && body.command !== 'reboot')
      return problem(at(ctx), 409, 'CONFLICT', 'BIZ_004', { reason: 'device_error', device_id: device.id })
    const params = (body.params ?? {}) as Record<string, unknown>
    const priority = body.priority ?? 'normal'
    const timeout = body.timeout ?? 300
    if (body.command === 'run_script' && typeof params.duration === 'number' && params.duration >= timeout) {
      return fieldProblem(at(ctx), 'params.duration', `Must be less than timeout (${timeout})`)
    }
    // Check and insert in one transaction, so concurrent commands cannot overshoot the queue
    // bound (SQLite serialises transactions; PostgreSQL locks the device row first).
    const now = orch.clock.now()
    const id = newTaskId(now)
    const t = now.toISOString()
    const refused = await inTransaction(orch.db, async (trx) => {
      if (orch.dialect === 'postgres') await sql`select id from orch_devices where id = ${device.id} for update`.execute(trx)
      const [running, queued] = await Promise.all([repo.runningTaskOf(trx, device.id), repo.countQueued(trx, device.id)])
      if (priority === 'low' && (running || queued > 0)) {
        return problem(at(ctx), 409, 'CONFLICT', 'BIZ_002', { device_id: device.id, current_task: running?.id ?? device.current_task, queue_length: queued })
      }
      const limit = orch.settings.timings.queueLimit
      if (queued >= limit) return problem(at(ctx), 409, 'CONFLICT', 'BIZ_003', { device_id: device.id, queue_length: queued, queue_limit: limit })
      await repo.insertTask(trx, {
        id,
        device_id: device.id,
        node_id: device.node_id,
        command: body.command,
        params_json: JSON.stringify(params),
        priority,
        priority_rank: PRIORITY_RANK[priority],
        timeout,
        status: 'queued',
        result_json: null,
        error_json: null,
        attempts: 0,
        front: 0,
        skip_attempt: 0,
        deadline_at: null,
        created_at: t,
        started_at: null,
        finished_at: null,
        updated_at: t,
      })
      return null
    })
    if (refused) return refused
    orch.router.kick(device.id, device.node_id)
    return { status: 202, body: { task_id: id, status: 'queued', device_id: device.id, created_at: t }, headers: { Location: `/api/tasks/${id}` } }
  },

  async listTasks({ query }, { orch }) {
    const { rows, total } = await repo.listTasks(orch.db, { device_id: query.device_id, node_id: query.node_id, status: query.status }, query)
    return { status: 200, body: { tasks: rows.map(taskShape), total, limit: query.limit, offset: query.offset } }
  },

  async getTask({ path }, ctx) {
    const task = await repo.getTask(ctx.orch.db, path.task_id)
    if (!task) return problem(at(ctx), 404, 'NOT_FOUND', 'RES_003', { task_id: path.task_id })
    return { status: 200, body: taskShape(task) }
  },

  async cancelTask({ path, body }, ctx) {
    const { orch } = ctx
    const task = await repo.getTask(orch.db, path.task_id)
    if (!task) return problem(at(ctx), 404, 'NOT_FOUND', 'RES_003', { task_id: path.task_id })
    const busyReset = resetting(ctx)
    if (busyReset) return busyReset
    const error = { code: 'CANCELLED', message: body?.reason ?? 'Cancelled by operator' }
    const wasRunning = task.status === 'running'
    if (!(await orch.dispatcher.finish(task, ['queued', 'running'], 'cancelled', null, error))) {
      const now = (await repo.getTask(orch.db, task.id)) ?? task
      return problem(at(ctx), 409, 'CONFLICT', 'BIZ_004', { reason: 'task_already_finished', task_id: task.id, status: now.status })
    }
    if (wasRunning) {
      const device = await repo.getDevice(orch.db, task.device_id)
      if (device) orch.router.cancel(task, device.node_id, error.message)
    }
    return { status: 200, body: taskShape((await repo.getTask(orch.db, task.id))!) }
  },

  async emergencySoftReset({ body }, ctx) {
    const { orch } = ctx
    const active = orch.emergency.active
    if (active) return problem(at(ctx), 409, 'CONFLICT', 'BIZ_004', { reason: 'reset_in_progress', reset_id: active.id })
    if (body.target === 'node') {
      const node = await repo.getNode(orch.db, body.node_id!)
      if (!node) return problem(at(ctx), 404, 'NOT_FOUND', 'RES_001', { node_id: body.node_id })
      if (!orch.router.connected(node)) return problem(at(ctx), 409, 'CONFLICT', 'BIZ_001', { node_id: node.id, node_status: node.status })
    }
    const started = await orch.emergency.start('L1', body.target, body.node_id ?? null, body.reason, body.approver ?? null)
    if ('busy' in started) return problem(at(ctx), 409, 'CONFLICT', 'BIZ_004', { reason: 'reset_in_progress', reset_id: started.busy.id })
    const r = started.record
    return {
      status: 202,
      body: {
        action: 'soft_reset',
        status: 'initiated',
        timestamp: isoSeconds(new Date(r.timestamp)),
        estimated_recovery: r.estimated_recovery,
        reset_id: r.id,
        target: body.target,
      },
    }
  },

  async issueEmergencyConfirmCode({ body }, { orch }) {
    return { status: 201, body: await orch.emergency.issueCode(body.approver, body.reason ?? null) }
  },

  async emergencyServiceReset({ body }, ctx) {
    const { orch } = ctx
    const refusal = await orch.emergency.checkCode(body.confirm_code, body.approver)
    if (refusal) return problem(at(ctx), 403, 'FORBIDDEN', 'BIZ_004', { reason: refusal })
    // A reset in progress leaves the code unspent, so it can be used once that one completes.
    const active = orch.emergency.active
    if (active) return problem(at(ctx), 409, 'CONFLICT', 'BIZ_004', { reason: 'reset_in_progress', reset_id: active.id })
    if (!(await orch.emergency.spendCode(body.confirm_code))) return problem(at(ctx), 403, 'FORBIDDEN', 'BIZ_004', { reason: 'confirm_code_used' as const })
    // Another process may have started one since the check above (the code stays spent, as for a race on one process).
    const started = await orch.emergency.start('L2', 'all', null, body.reason, body.approver)
    if ('busy' in started) return problem(at(ctx), 409, 'CONFLICT', 'BIZ_004', { reason: 'reset_in_progress', reset_id: started.busy.id })
    const r = started.record
    return {
      status: 202,
      body: {
        action: 'service_reset',
        status: 'initiated',
        confirm_code: body.confirm_code,
        approver: body.approver,
        timestamp: isoSeconds(new Date(r.timestamp)),
        estimated_recovery: r.estimated_recovery,
        reset_id: r.id,
      },
    }
  },

  async listEmergencyResets({ query }, { orch }) {
    const { rows, total } = await repo.listResets(orch.db, { level: query.level }, query)
    return { status: 200, body: { resets: rows.map(resetShape), total, limit: query.limit, offset: query.offset } }
  },
}
