/**
 * Fixed-window request counting, in memory, per key. Each contract decides the key and limits
 * (per token, per client address, per operation group); the kit counts and reports.
 * Windows are aligned to the clock so `X-RateLimit-Reset` is the same for every caller of a key.
 */
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

export class FixedWindowLimiter {
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
    const resetMs = start + windowMs
    const allowed = w.count <= rule.limit
    return {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - w.count),
      resetEpochSec: Math.ceil(resetMs / 1000),
      retryAfterSec: allowed ? 0 : Math.max(1, Math.ceil((resetMs - nowMs) / 1000)),
    }
  }

  /** Forget every window, or those whose key matches (an emergency reset, or a test). */
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
