/**
 * Where work for a node goes. On SQLite there is one process: everything is done in place, as
 * before, with no database round trip. On PostgreSQL several processes may serve; a node's
 * WebSocket is held by one of them (`orch_nodes.owner_process`), and work for a node held
 * elsewhere (dispatch a queued task, cancel a running one, drop a replaced connection) becomes
 * an action row for that process, woken by NOTIFY. Resets go to every process. `drain` applies
 * the actions addressed to this process.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../database.js'
import type { Clock } from '../../../deps.js'
import type { Logger } from '../../../kit/logger.js'
import type { Dispatcher } from '../dispatch.js'
import type { Emergency } from '../emergency.js'
import type { NodeHub } from '../hub/hub.js'
import type { OrchNodesTable, OrchProcessActionsTable, OrchResetsTable } from '../tables.js'
import * as repo from '../repo.js'
import { type ActionKind, claimActions, postToAll, postToNodeOwner, postToProcess } from './actions.js'

export interface RouterOptions {
  db: Kysely<Database>
  clock: Clock
  logger: Logger
  processId: string
  /** Several processes may serve this database (PostgreSQL). */
  shared: boolean
  hub: () => NodeHub
  dispatcher: () => Dispatcher
  emergency: () => Emergency
}

type NodeRef = Pick<OrchNodesTable, 'id' | 'owner_process'>

export class NodeRouter {
  readonly processId: string
  readonly shared: boolean
  private draining: Promise<void> | null = null
  private drainAgain = false

  constructor(private readonly o: RouterOptions) {
    this.processId = o.processId
    this.shared = o.shared
  }

  private now = () => this.o.clock.now().toISOString()

  /** Whether the node's WebSocket is open on some process. */
  connected(node: NodeRef | undefined): boolean {
    if (!node) return false
    // This process knows its own sockets better than the row, which lags a closing one.
    if (!this.shared || node.owner_process === this.processId) return !!this.o.hub().connection(node.id)
    return node.owner_process !== null
  }

  /** Dispatches a device's queue, on the process holding its node. */
  kick(deviceId: string, nodeId: string, hops = 0) {
    if (!this.shared || this.o.hub().connection(nodeId)) return this.o.dispatcher().kick(deviceId)
    this.post('kick', () => postToNodeOwner(this.o.db, nodeId, 'kick', { device_id: deviceId, node_id: nodeId, hops }, this.now()))
  }

  /** Tells the node running a task to stop it (cancel, timeout); the task's state is already recorded. */
  cancel(task: { id: string; device_id: string }, nodeId: string, reason: string) {
    if (!this.shared || this.o.hub().connection(nodeId)) return this.o.dispatcher().stopOnNode(task, nodeId, reason)
    const payload = { task_id: task.id, device_id: task.device_id, node_id: nodeId, reason }
    this.post('cancel', () => postToNodeOwner(this.o.db, nodeId, 'cancel', payload, this.now()))
  }

  /** The node connected here while `previous` still held it: that process closes its connection (4003). */
  replaced(nodeId: string, previous: string) {
    this.post('replaced', () => postToProcess(this.o.db, previous, 'replaced', { node_id: nodeId }, this.now()))
  }

  /** Tells every other process (their share of a reset, or its end). */
  async broadcast(kind: Extract<ActionKind, 'reset' | 'reset_done'>, payload: object): Promise<void> {
    if (this.shared) await postToAll(this.o.db, this.processId, kind, payload, this.now())
  }

  private post(kind: string, send: () => Promise<unknown>) {
    send().catch((e) => this.o.logger.error('posting to another process failed', { kind, error: (e as Error).message }))
  }

  /** Applies this process's pending actions (never two drains at once; a wake during one runs another). */
  drain(): Promise<void> {
    if (!this.shared) return Promise.resolve()
    if (this.draining) {
      this.drainAgain = true
      return this.draining
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false
        for (;;) {
          const { rows, more } = await claimActions(this.o.db, this.processId)
          for (const a of rows) await this.apply(a).catch((e) => this.o.logger.error('action failed', { kind: a.kind, error: (e as Error).message }))
          if (!more) break
        }
      } while (this.drainAgain)
    })()
      .catch((e) => this.o.logger.error('draining actions failed', { error: (e as Error).message }))
      .finally(() => (this.draining = null))
    return this.draining
  }

  private async apply(a: OrchProcessActionsTable): Promise<void> {
    const p = JSON.parse(a.payload_json)
    const { hub, dispatcher, emergency } = this.o
    switch (a.kind) {
      case 'kick':
        // Sent to a process that has just lost the node: once more, to whoever holds it now.
        if (hub().connection(p.node_id)) dispatcher().kick(p.device_id)
        else if (p.hops < 1) this.kick(p.device_id, p.node_id, p.hops + 1)
        return
      case 'cancel':
        if (hub().connection(p.node_id)) dispatcher().stopOnNode({ id: p.task_id, device_id: p.device_id }, p.node_id, p.reason)
        return
      case 'replaced': {
        const node = await repo.getNode(this.o.db, p.node_id)
        if (node?.owner_process !== this.processId) hub().drop(p.node_id, 4003, 'Replaced by new connection')
        return
      }
      case 'reset':
        return emergency().apply(p as OrchResetsTable)
      case 'reset_done':
        return emergency().ended(p.id)
    }
  }
}
