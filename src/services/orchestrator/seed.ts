/**
 * The seed hook (see ContractDefinition.seed): puts back the resources the spec's request
 * examples name, so each documented example gets its documented success status, and gives
 * `make run` a node, a device and a task to look at. Names come from the generated examples, so
 * the seed follows the spec. Nothing here connects a node: node-001 stays offline (and its
 * queued task queued) until a runner connects with that id.
 *
 * The L2 example's confirm code is made valid again (fresh, unused, for its approver): seeding
 * runs in development and tests only (SEED_EXAMPLES), and an L2 reset still needs the admin token.
 */
import { examples } from '../../../generated/orchestrator/examples.gen.js'
import type { AppDeps } from '../../deps.js'
import { confirmCodeDigest } from './emergency.js'

const example = (op: string) => examples[op].request
const firstBody = (op: string) => Object.values(example(op).body ?? {})[0] as Record<string, string>

export async function seedOrchestratorExamples(deps: AppDeps): Promise<void> {
  const { db, clock, config } = deps
  const now = clock.now()
  const iso = now.toISOString()
  const nodeId = String(example('getNode').params.path.node_id)
  const deviceId = String(example('getDevice').params.path.device_id)
  const taskId = String(example('getTask').params.path.task_id)

  await db
    .insertInto('orch_nodes')
    .values({
      id: nodeId,
      name: nodeId,
      status: 'offline',
      ip: null,
      version: null,
      last_heartbeat: null,
      connected_at: null,
      disconnected_at: iso,
      created_at: iso,
      updated_at: iso,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  await db
    .insertInto('orch_devices')
    .values({
      id: deviceId,
      node_id: nodeId,
      serial: deviceId,
      status: 'offline',
      current_task: null,
      metrics_json: null,
      last_seen: null,
      created_at: iso,
      updated_at: iso,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()

  // The example task, queued again (cancelTask's examples each cancel it).
  const task = {
    device_id: deviceId,
    node_id: nodeId,
    command: 'run_script',
    params_json: JSON.stringify({ script_name: 'youtube_watch', duration: 300 }),
    priority: 'normal' as const,
    priority_rank: 2,
    timeout: 600,
    status: 'queued' as const,
    result_json: null,
    error_json: null,
    attempts: 0,
    front: 0,
    skip_attempt: 0,
    deadline_at: null,
    started_at: null,
    finished_at: null,
    updated_at: iso,
  }
  await db
    .insertInto('orch_tasks')
    .values({ id: taskId, created_at: iso, ...task })
    .onConflict((oc) => oc.column('id').doUpdateSet(task))
    .execute()

  const reset = firstBody('emergencyServiceReset')
  const codeHash = confirmCodeDigest(config.secrets.orchAdminToken, reset.confirm_code)
  await db.deleteFrom('orch_confirm_codes').where('code_hash', '=', codeHash).execute()
  await db
    .insertInto('orch_confirm_codes')
    .values({
      code_hash: codeHash,
      approver: reset.approver,
      reason: reset.reason ?? null,
      issued_at: iso,
      expires_at: new Date(now.getTime() + config.orchestrator.confirmCodeTtlSec * 1000).toISOString(),
      used_at: null,
      superseded: 0,
    })
    .execute()
}
