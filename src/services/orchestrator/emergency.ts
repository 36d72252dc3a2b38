/**
 * The emergency button. L1 (soft reset) by target: `orchestrator` drops pending dispatch waits
 * and re-dispatches queued tasks from the database; `node` closes that node's connection with
 * 1012 and puts its running tasks back at the head of their queues; `all` does both for every
 * node. L2 (service reset) needs a one-time confirm code bound to its approver and does L1 `all`,
 * re-reads the configuration, requeues every running task and clears the request counters
 * (not the emergency bucket). A reset stays in progress for ORCH_RESET_HOLD_MS, then completes;
 * every reset is recorded with its reason and approver.
 *
 * Several processes (PostgreSQL): one reset at a time across all of them (checked and recorded
 * under an advisory lock); the process that takes the request runs the shared part and completes
 * the reset, and every process runs its own part (its connections, its dispatch waits) on the
 * `reset` action and mirrors the reset in progress until `reset_done`.
 */
import { createHmac, randomInt } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { inTransaction } from '../../db/prepared.js'
import type { Database } from '../database.js'
import type { Clock } from '../../deps.js'
import type { Logger } from '../../kit/logger.js'
import type { FixedWindowLimiter } from '../../kit/rate-limit.js'
import type { Dispatcher } from './dispatch.js'
import type { NodeHub } from './hub/hub.js'
import type { OrchestratorSettings } from './settings.js'
import type { OrchResetsTable } from './tables.js'
import { newResetId } from './ids.js'
import * as repo from './repo.js'
import type { NodeRouter } from './cluster/router.js'
import { activeReset } from './cluster/actions.js'

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const SERVICE_RESTART = 1012
/** pg_advisory_xact_lock key serialising reset starts across processes (any fixed number). */
const RESET_LOCK = 7_310_512_301

export type CodeRefusal = 'confirm_code_invalid' | 'confirm_code_expired' | 'confirm_code_used'

export interface EmergencyOptions {
  db: Kysely<Database>
  clock: Clock
  logger: Logger
  settings: OrchestratorSettings
  dispatcher: Dispatcher
  hub: NodeHub
  limiter: FixedWindowLimiter
  router: NodeRouter
  /** Key of the confirm-code HMAC (codes are stored only as digests). */
  secret: string
}

/** Confirm codes are stored only as this keyed digest (the admin token is the key). */
export const confirmCodeDigest = (secret: string, code: string) => createHmac('sha256', secret).update(code).digest('hex')

export class Emergency {
  /** The reset in progress, if any (one at a time); with several processes, this process's mirror of it. */
  active: OrchResetsTable | null = null
  /** Completions this process owes (resets it started), run at once on close when several processes serve. */
  private readonly completions = new Map<NodeJS.Timeout, () => Promise<void>>()
  private readonly runs = new Set<Promise<void>>()

  constructor(private readonly o: EmergencyOptions) {}

  get serviceResetActive(): OrchResetsTable | null {
    return this.active?.level === 'L2' ? this.active : null
  }

  private digest = (code: string) => confirmCodeDigest(this.o.secret, code)

  async issueCode(approver: string, reason: string | null) {
    const issued = this.o.clock.now()
    const ttl = this.o.settings.timings.confirmCodeTtlSec
    const code = Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
    const expires = new Date(issued.getTime() + ttl * 1000)
    await repo.insertConfirmCode(this.o.db, {
      code_hash: this.digest(code),
      approver,
      reason,
      issued_at: issued.toISOString(),
      expires_at: expires.toISOString(),
    })
    return {
      confirm_code: code,
      action: 'service_reset' as const,
      level: 'L2' as const,
      approver,
      issued_at: issued.toISOString(),
      expires_at: expires.toISOString(),
      ttl_seconds: ttl,
    }
  }

  /** Checks a code without spending it. */
  async checkCode(code: string, approver: string): Promise<CodeRefusal | null> {
    const row = await repo.findConfirmCode(this.o.db, this.digest(code))
    if (!row) return 'confirm_code_invalid'
    if (row.used_at) return 'confirm_code_used'
    if (row.superseded || row.approver !== approver) return 'confirm_code_invalid'
    if (row.expires_at <= this.o.clock.now().toISOString()) return 'confirm_code_expired'
    return null
  }

  spendCode = (code: string) => repo.useConfirmCode(this.o.db, this.digest(code), this.o.clock.now().toISOString())

  /**
   * Records and starts a reset, or returns the reset already in progress (anywhere). The work
   * runs after the 202 is answered; its outcome lands in the reset history.
   */
  async start(
    level: 'L1' | 'L2',
    target: OrchResetsTable['target'],
    nodeId: string | null,
    reason: string,
    approver: string | null,
  ): Promise<{ record: OrchResetsTable } | { busy: OrchResetsTable }> {
    const now = this.o.clock.now()
    const { router } = this.o
    const record: OrchResetsTable = {
      id: newResetId(now),
      level,
      action: level === 'L1' ? 'soft_reset' : 'service_reset',
      target,
      node_id: nodeId,
      reason,
      approver,
      status: 'initiated',
      timestamp: now.toISOString(),
      completed_at: null,
      estimated_recovery: level === 'L1' ? '30s' : '2m',
      owner_process: router.processId,
    }
    if (!router.shared) {
      if (this.active) return { busy: this.active }
      this.active = record
      await repo.insertReset(this.o.db, record)
    } else {
      const busy = await inTransaction(this.o.db, async (trx) => {
        await sql`select pg_advisory_xact_lock(${sql.lit(RESET_LOCK)})`.execute(trx)
        const active = await activeReset(trx)
        if (!active) await repo.insertReset(trx, record)
        return active
      })
      if (busy) return { busy }
      this.active = record
      await router.broadcast('reset', record)
    }
    this.launch(record, true)
    return { record }
  }

  /** Another process started a reset: mirror it and run this process's part. */
  async apply(record: OrchResetsTable): Promise<void> {
    this.active = record
    this.launch(record, false)
  }

  /** A reset ended (on the process that ran it). */
  ended(id: string): void {
    if (this.active?.id === id) this.active = null
  }

  /** Drops the mirror when the reset is no longer in progress (its completion notice went missing). */
  async refreshMirror(): Promise<void> {
    const mirrored = this.active
    if (!mirrored || mirrored.owner_process === this.o.router.processId) return
    const current = await activeReset(this.o.db)
    if (current?.id !== mirrored.id) this.ended(mirrored.id)
  }

  private launch(r: OrchResetsTable, owner: boolean) {
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(r, owner))
    this.runs.add(run)
    void run.finally(() => this.runs.delete(run))
  }

  private async run(r: OrchResetsTable, owner: boolean) {
    let ok = true
    try {
      if (r.level === 'L2') await this.serviceReset(owner)
      else await this.softReset(r.target, r.node_id)
    } catch (e) {
      ok = false
      this.o.logger.error('emergency reset failed', { resetId: r.id, error: (e as Error).message })
    }
    if (!owner) return
    const complete = async () => {
      if (this.active?.id === r.id) this.active = null
      await repo.updateReset(this.o.db, r.id, { status: ok ? 'completed' : 'failed', completed_at: this.o.clock.now().toISOString() }).catch(() => undefined)
      await this.o.router.broadcast('reset_done', { id: r.id }).catch(() => undefined)
    }
    const timer = setTimeout(() => {
      this.completions.delete(timer)
      void complete()
    }, this.o.settings.timings.resetHoldMs)
    timer.unref?.()
    this.completions.set(timer, complete)
  }

  /** This process's part: its dispatch waits, its connections (another process holds the rest). */
  private async softReset(target: OrchResetsTable['target'], nodeId: string | null) {
    const { dispatcher, hub, router } = this.o
    if (target === 'orchestrator' || target === 'all') dispatcher.resetState()
    const here = target === 'node' && (!router.shared || hub.connection(nodeId!))
    const nodes = here ? [nodeId!] : target === 'all' ? hub.connections().map((c) => c.nodeId) : []
    for (const id of nodes) {
      for (const task of await repo.runningTasksOfNode(this.o.db, id)) await dispatcher.requeue(task, true)
      hub.drop(id, SERVICE_RESTART, 'Service restart')
    }
    if (target !== 'node') await dispatcher.kickNode()
  }

  private async serviceReset(owner: boolean) {
    const reloaded = this.o.settings.reload()
    if (!reloaded.ok) this.o.logger.warn('configuration reload failed; keeping the current values', { error: reloaded.error })
    await this.softReset('all', null)
    if (owner) for (const task of await repo.runningTasks(this.o.db)) await this.o.dispatcher.requeue(task, true)
    this.o.limiter.clear((key) => key.startsWith('orch:') && !key.startsWith('orch:emergency:'))
  }

  /**
   * Waits for resets under way (they use the database), then drops pending completions; with
   * several processes they complete now, or the others would wait for this one's lease to end.
   */
  async close() {
    await Promise.all([...this.runs])
    const owed = [...this.completions.values()]
    for (const t of this.completions.keys()) clearTimeout(t)
    this.completions.clear()
    if (this.o.router.shared) for (const complete of owed) await complete()
  }
}
