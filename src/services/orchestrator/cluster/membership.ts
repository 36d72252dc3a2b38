/**
 * This process's membership of the cluster (PostgreSQL only): its `orch_processes` row, renewed
 * every third of the lease; on each renewal it also reaps processes whose lease ran out (their
 * nodes go offline, so the sweeper applies the lost-task rule to their running tasks), applies
 * pending actions (a safety net under NOTIFY) and checks its mirror of a reset in progress.
 * A process reaped after a stall registers again and takes back the nodes it still holds.
 */
import os from 'node:os'
import type { Kysely } from 'kysely'
import type { Database } from '../../database.js'
import type { Clock } from '../../../deps.js'
import type { Logger } from '../../../kit/logger.js'
import type { Emergency } from '../emergency.js'
import type { NodeHub } from '../hub/hub.js'
import { channelOf, reapExpired, registerProcess, releaseProcess, renewProcess } from './actions.js'
import { PgListener } from './listener.js'
import type { NodeRouter } from './router.js'

export interface MembershipOptions {
  db: Kysely<Database>
  databaseUrl: string
  clock: Clock
  logger: Logger
  leaseMs: number
  router: NodeRouter
  hub: NodeHub
  emergency: Emergency
}

export class Membership {
  private timer: NodeJS.Timeout | null = null
  private ticking: Promise<void> | null = null
  private listener: PgListener | null = null

  constructor(private readonly o: MembershipOptions) {}

  private get id() {
    return this.o.router.processId
  }

  private times() {
    const now = this.o.clock.now()
    return { now: now.toISOString(), leaseUntil: new Date(now.getTime() + this.o.leaseMs).toISOString() }
  }

  async start(): Promise<void> {
    const { now, leaseUntil } = this.times()
    await registerProcess(this.o.db, { id: this.id, host: os.hostname(), pid: process.pid, now, leaseUntil })
    await this.reap(now)
    this.listener = new PgListener({ url: this.o.databaseUrl, channel: channelOf(this.id), logger: this.o.logger, onWake: () => void this.o.router.drain() })
    await this.listener.ready
    this.timer = setInterval(
      () => {
        if (this.ticking) return
        this.ticking = this.tick()
          .catch((e) => this.o.logger.error('process lease renewal failed', { error: (e as Error).message }))
          .finally(() => (this.ticking = null))
      },
      Math.max(100, Math.floor(this.o.leaseMs / 3)),
    )
    this.timer.unref?.()
  }

  private async tick(): Promise<void> {
    const { db, hub, router } = this.o
    const { now, leaseUntil } = this.times()
    if (!(await renewProcess(db, this.id, now, leaseUntil))) {
      this.o.logger.warn('this process was taken for dead (lease expired); registering again')
      await registerProcess(db, { id: this.id, host: os.hostname(), pid: process.pid, now, leaseUntil })
      for (const c of hub.connections()) {
        if (c.open) await db.updateTable('orch_nodes').set({ owner_process: this.id }).where('id', '=', c.nodeId).where('owner_process', 'is', null).execute()
      }
    }
    await this.reap(now)
    await router.drain()
    await this.o.emergency.refreshMirror()
  }

  private async reap(now: string) {
    const reaped = await reapExpired(this.o.db, now)
    if (reaped.processes.length || reaped.nodes.length) this.o.logger.warn('processes expired; their nodes are offline', reaped)
    for (const id of reaped.resets) {
      this.o.emergency.ended(id)
      await this.o.router.broadcast('reset_done', { id })
    }
  }

  /** A clean stop: the other processes see this one's nodes offline at once, not after the lease. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.ticking
    await this.listener?.stop()
    await releaseProcess(this.o.db, this.id, this.o.clock.now().toISOString())
  }
}
