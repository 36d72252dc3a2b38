/**
 * A dedicated PostgreSQL connection that LISTENs on this process's channel (a pooled connection
 * cannot: LISTEN belongs to the session). A lost connection is opened again with backoff; as
 * notifications sent meanwhile are gone, `onWake` runs after every (re)connection too, and the
 * caller drains its action rows, which are the durable record.
 */
import type pg from 'pg'
import type { Logger } from '../../../kit/logger.js'

export interface ListenerOptions {
  url: string
  channel: string
  logger: Logger
  /** A notification arrived, or the connection was (re)established. */
  onWake: () => void
  minBackoffMs?: number
  maxBackoffMs?: number
}

export class PgListener {
  private client: pg.Client | null = null
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private backoff: number
  /** Resolves once the first LISTEN is in place (or failed: the retries go on). */
  readonly ready: Promise<void>
  private markReady!: () => void
  connected = false

  constructor(private readonly o: ListenerOptions) {
    this.backoff = o.minBackoffMs ?? 100
    this.ready = new Promise((resolve) => (this.markReady = resolve))
    void this.connect()
  }

  private async connect(): Promise<void> {
    if (this.stopped) return
    const { default: pgm } = await import('pg')
    const client = new pgm.Client({ connectionString: this.o.url })
    this.client = client
    client.on('notification', () => this.o.onWake())
    client.on('error', (e) => this.lost(client, e))
    client.on('end', () => this.lost(client, new Error('connection ended')))
    try {
      await client.connect()
      await client.query(`listen "${this.o.channel}"`)
      if (this.stopped || this.client !== client) return void client.end().catch(() => undefined)
      this.connected = true
      this.backoff = this.o.minBackoffMs ?? 100
      this.markReady()
      this.o.onWake()
    } catch (e) {
      this.markReady()
      this.lost(client, e as Error)
    }
  }

  private lost(client: pg.Client, e: Error) {
    if (this.client !== client || this.stopped) return
    this.client = null
    this.connected = false
    this.o.logger.warn('orchestrator LISTEN connection lost; reconnecting', { error: e.message, retryMs: this.backoff })
    client.end().catch(() => undefined)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.connect()
    }, this.backoff)
    this.timer.unref?.()
    this.backoff = Math.min(this.o.maxBackoffMs ?? 5000, this.backoff * 2)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    const client = this.client
    this.client = null
    this.connected = false
    await client?.end().catch(() => undefined)
  }
}
