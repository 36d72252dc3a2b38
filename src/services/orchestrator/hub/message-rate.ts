/**
 * Per-connection message budget (asyncapi "Rate Limiting"): N messages per aligned 1-second
 * window, a batch counting its items. Past the budget the node hears about it (requests by id,
 * notifications once per window with `id: null`); five consecutive windows over budget is abuse.
 */
export const ABUSE_WINDOWS = 5

export interface RateVerdict {
  allowed: boolean
  /** Whether a notification-only frame should still get the one `id: null` error of this window. */
  tellNotification: boolean
  abusive: boolean
  retryAfterMs: number
}

export class MessageRate {
  private window = -1
  private count = 0
  private told = false
  private lastOver = -2
  private streak = 0

  constructor(
    private readonly limit: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts `n` messages that arrived at `at` (default now); arrivals come in order. */
  hit(n: number, at?: number): RateVerdict {
    const nowMs = at ?? this.now()
    const window = Math.floor(nowMs / 1000)
    if (window !== this.window) {
      this.window = window
      this.count = 0
      this.told = false
    }
    this.count += n
    const retryAfterMs = (window + 1) * 1000 - nowMs
    if (this.count <= this.limit()) return { allowed: true, tellNotification: false, abusive: false, retryAfterMs: 0 }
    if (this.lastOver !== window) {
      this.streak = this.lastOver === window - 1 ? this.streak + 1 : 1
      this.lastOver = window
    }
    const tellNotification = !this.told
    this.told = true
    return { allowed: false, tellNotification, abusive: this.streak >= ABUSE_WINDOWS, retryAfterMs }
  }
}
