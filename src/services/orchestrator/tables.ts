/**
 * The orchestrator's tables. Timestamps are ISO-8601 UTC strings (they sort as text on SQLite and
 * PostgreSQL alike); free-form JSON (params, result, metrics) is stored as text; flags are 0/1.
 */
export interface OrchNodesTable {
  id: string
  name: string
  status: 'online' | 'offline' | 'error'
  ip: string | null
  version: string | null
  last_heartbeat: string | null
  connected_at: string | null
  /** When the node's connection went away; the lost-task grace counts from here. */
  disconnected_at: string | null
  /** The server process holding the node's WebSocket (orch_processes.id); null while disconnected. */
  owner_process: string | null
  created_at: string
  updated_at: string
}

export interface OrchDevicesTable {
  id: string
  node_id: string
  serial: string
  status: 'active' | 'idle' | 'offline' | 'error'
  current_task: string | null
  metrics_json: string | null
  last_seen: string | null
  created_at: string
  updated_at: string
}

export interface OrchTasksTable {
  id: string
  device_id: string
  node_id: string
  command: string
  params_json: string
  priority: 'low' | 'normal' | 'high'
  /** 3 high, 2 normal, 1 low: the queue orders by it. */
  priority_rank: number
  timeout: number
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled'
  result_json: string | null
  error_json: string | null
  attempts: number
  /** 1 when requeued to the head of its device queue (lost node, reset); cleared on dispatch. */
  front: number
  /** 1 when the next run must not count as an attempt (requeued by an emergency reset). */
  skip_attempt: number
  /** When a running task times out (started_at + timeout). */
  deadline_at: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  updated_at: string
}

export interface OrchNodeMetricsTable {
  node_id: string
  cpu: number
  memory: number
  disk: number | null
  uptime_seconds: number | null
  reported_at: string
}

export interface OrchResetsTable {
  id: string
  level: 'L1' | 'L2'
  action: 'soft_reset' | 'service_reset'
  target: 'orchestrator' | 'node' | 'all'
  node_id: string | null
  reason: string
  approver: string | null
  status: 'initiated' | 'completed' | 'failed'
  timestamp: string
  completed_at: string | null
  estimated_recovery: string
  /** The process that runs the reset and completes it after the hold. */
  owner_process: string | null
}

export interface OrchConfirmCodesTable {
  /** HMAC of the code: the code itself is never stored. */
  code_hash: string
  approver: string
  reason: string | null
  issued_at: string
  expires_at: string
  used_at: string | null
  /** 1 once a newer code was issued: at most one code is ever valid. */
  superseded: number
}

/** One server process (PostgreSQL scale-out): alive while its lease has not run out. */
export interface OrchProcessesTable {
  id: string
  host: string
  pid: number
  started_at: string
  renewed_at: string
  lease_until: string
}

/** Work for the process holding a node's connection (or for every process), woken by NOTIFY. */
export interface OrchProcessActionsTable {
  id: string
  process_id: string
  kind: 'kick' | 'cancel' | 'replaced' | 'reset' | 'reset_done'
  payload_json: string
  created_at: string
}

export interface OrchestratorTables {
  orch_nodes: OrchNodesTable
  orch_devices: OrchDevicesTable
  orch_tasks: OrchTasksTable
  orch_node_metrics: OrchNodeMetricsTable
  orch_resets: OrchResetsTable
  orch_confirm_codes: OrchConfirmCodesTable
  orch_processes: OrchProcessesTable
  orch_process_actions: OrchProcessActionsTable
}
