/**
 * Fixed-window request counting per key. Each contract decides the key and limits (per token,
 * per client address, per operation group); the kit counts and reports. Windows are aligned to
 * the clock so `X-RateLimit-Reset` is the same for every caller of a key — and for every process.
 *
 * Two stores behind one interface: in memory (one process; synchronous, on the hot path) and in
 * the database (several processes share one budget per caller: one atomic upsert per hit).
 */
import { type Kysely, sql } from 'kysely'
import type { KitTables } from '../db/kit-tables.js'
import type { Logger } from './logger.js'
import type { MaybePromise } from './types.js'

export interface RateLimitRule {
  /** Bucket key, e.g. `auth:<principal>` or `anon:<ip>`; different rules must not share keys. */
  key: string
  limit: number
  windowSec: number
}

export interface RateLimitState {
  allowed: boolean
  limit: number
  remaining: number
  /** UTC epoch seconds at which the window resets. */
  resetEpochSec: number
  retryAfterSec: number
}

/** Counts a hit and says whether it is allowed; the memory store answers synchronously. */
export interface RateLimiter {
  hit(rule: RateLimitRule): MaybePromise<RateLimitState>
  /** Forget every window, or those whose key matches (an emergency reset, or a test). */
  clear(match?: (key: string) => boolean): MaybePromise<void>
}

const windowOf = (rule: RateLimitRule, nowMs: number) => {
  const windowMs = rule.windowSec * 1000
  return { start: Math.floor(nowMs / windowMs) * windowMs, end: Math.floor(nowMs / windowMs) * windowMs + windowMs }
}

/** What a caller learns from the count of its window (the same arithmetic for both stores). */
function stateOf(rule: RateLimitRule, count: number, resetMs: number, nowMs: number): RateLimitState {
  const allowed = count <= rule.limit
  return {
    allowed,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count),
    resetEpochSec: Math.ceil(resetMs / 1000),
    retryAfterSec: allowed ? 0 : Math.max(1, Math.ceil((resetMs - nowMs) / 1000)),
  }
}

/** In memory: the default with SQLite (one process). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()
  private lastSweep = 0

  constructor(private readonly now: () => number = Date.now) {}

  hit(rule: RateLimitRule): RateLimitState {
    const nowMs = this.now()
    const windowMs = rule.windowSec * 1000
    const start = Math.floor(nowMs / windowMs) * windowMs
    this.sweep(nowMs)
    let w = this.windows.get(rule.key)
    if (!w || w.start !== start) {
      w = { start, count: 0 }
      this.windows.set(rule.key, w)
    }
    w.count++
    return stateOf(rule, w.count, start + windowMs, nowMs)
  }

  clear(match: (key: string) => boolean = () => true): void {
    for (const key of [...this.windows.keys()]) if (match(key)) this.windows.delete(key)
  }

  // Drop windows that ended long ago so idle keys do not accumulate; at most once a minute.
  private sweep(nowMs: number) {
    if (nowMs - this.lastSweep < 60_000) return
    this.lastSweep = nowMs
    for (const [key, w] of this.windows) if (nowMs - w.start > 3_600_000) this.windows.delete(key)
  }
}

/** The memory limiter's former name; as a type, any limiter. */
export const FixedWindowLimiter = MemoryRateLimiter
export type FixedWindowLimiter = RateLimiter

/**
 * In the database (table `rate_limit_windows`): one row per key and window, counted by one
 * atomic upsert, so concurrent hits on several processes each get their own count and the
 * headers stay exact. Ended windows are swept at most once a minute per process.
 */
export class DatabaseRateLimiter implements RateLimiter {
  private lastSweep = 0

  constructor(
    private readonly db: Kysely<KitTables>,
    private readonly now: () => number = Date.now,
    private readonly logger?: Logger,
  ) {}

  async hit(rule: RateLimitRule): Promise<RateLimitState> {
    const nowMs = this.now()
    const { start, end } = windowOf(rule, nowMs)
    if (nowMs - this.lastSweep >= 60_000) {
      this.lastSweep = nowMs
      void this.db
        .deleteFrom('rate_limit_windows')
        .where('window_end', '<', nowMs)
        .execute()
        .catch((e) => this.logger?.warn('rate-limit sweep failed', { error: String(e?.message ?? e) }))
    }
    const row = await this.db
      .insertInto('rate_limit_windows')
      .values({ key: rule.key, window_start: start, window_end: end, count: 1 })
      .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ count: sql`rate_limit_windows.count + 1` }))
      .returning('count')
      .executeTakeFirstOrThrow()
    return stateOf(rule, Number(row.count), end, nowMs)
  }

  /** Deletes the current windows of the matching keys; errors are logged (resets do not await it). */
  async clear(match: (key: string) => boolean = () => true): Promise<void> {
    try {
      const rows = await this.db.selectFrom('rate_limit_windows').select('key').distinct().execute()
      const keys = rows.map((r) => r.key).filter(match)
      for (let i = 0; i < keys.length; i += 500)
        await this.db
          .deleteFrom('rate_limit_windows')
          .where('key', 'in', keys.slice(i, i + 500))
          .execute()
    } catch (e) {
      this.logger?.error('rate-limit reset failed', { error: String((e as Error)?.message ?? e) })
    }
  }
}
