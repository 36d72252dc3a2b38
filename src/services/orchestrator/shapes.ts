/**
 * Rows to API shapes, in one place: JSON columns parsed, absent values as the spec's `null`.
 */
import type * as T from '../../../generated/orchestrator/sdk/types.gen.js'
import type { OrchDevicesTable, OrchNodeMetricsTable, OrchNodesTable, OrchResetsTable, OrchTasksTable } from './tables.js'

const json = <V>(text: string | null): V | null => (text === null ? null : (JSON.parse(text) as V))

export const nodeShape = (n: OrchNodesTable, deviceCount: number): T.Node => ({
  id: n.id,
  name: n.name,
  status: n.status,
  device_count: deviceCount,
  last_heartbeat: n.last_heartbeat,
  ip: n.ip,
  version: n.version,
})

export const metricsShape = (m: OrchNodeMetricsTable | undefined, n: OrchNodesTable, now: Date): T.NodeMetrics | null => {
  if (!m) return null
  // Without a reported uptime, the time since the current connection is the best we know.
  const since = n.connected_at ? Math.max(0, now.getTime() - Date.parse(n.connected_at)) / 1000 : 0
  const seconds = m.uptime_seconds ?? since
  return { cpu_usage: m.cpu, memory_usage: m.memory, disk_usage: m.disk, uptime_hours: Math.round((seconds / 3600) * 100) / 100 }
}

export const deviceSummaryShape = (d: OrchDevicesTable): T.DeviceSummary => ({ id: d.id, serial: d.serial, status: d.status, current_task: d.current_task })

export const deviceShape = (d: OrchDevicesTable): T.Device => ({
  id: d.id,
  serial: d.serial,
  status: d.status,
  node_id: d.node_id,
  current_task: d.current_task,
  metrics: json<T.DeviceMetrics>(d.metrics_json),
  last_seen: d.last_seen,
})

export const taskShape = (t: OrchTasksTable): T.Task => ({
  id: t.id,
  device_id: t.device_id,
  node_id: t.node_id,
  command: t.command as T.DeviceCommand,
  params: JSON.parse(t.params_json),
  priority: t.priority,
  timeout: t.timeout,
  status: t.status,
  result: json<Record<string, unknown>>(t.result_json),
  error: json<T.TaskError>(t.error_json),
  attempts: t.attempts,
  created_at: t.created_at,
  started_at: t.started_at,
  finished_at: t.finished_at,
  updated_at: t.updated_at,
})

export const resetShape = ({ owner_process: _, ...r }: OrchResetsTable): T.ResetRecord => r
