/**
 * Login throttling: 5 failures from one client, or 20 against the (single) admin account, within
 * 15 minutes lock that client, or every client, for 15 minutes. Counted in this process: several
 * processes each enforce their own limit, which bounds guessing at N × the limit.
 */
export interface ThrottleRule {
  maxPerClient: number
  maxPerAccount: number
  windowMs: number
}

export const DEFAULT_THROTTLE: ThrottleRule = { maxPerClient: 5, maxPerAccount: 20, windowMs: 15 * 60_000 }

export class LoginThrottle {
  private byClient = new Map<string, number[]>()
  private account: number[] = []

  constructor(private rule: ThrottleRule = DEFAULT_THROTTLE) {}

  private recent(list: number[], now: number) {
    while (list.length && list[0] <= now - this.rule.windowMs) list.shift()
    return list
  }

  /** Seconds until this client may try again, or 0. */
  retryAfterSec(client: string, now: number): number {
    const mine = this.recent(this.byClient.get(client) ?? [], now)
    const all = this.recent(this.account, now)
    let until = 0
    if (mine.length >= this.rule.maxPerClient) until = mine[mine.length - this.rule.maxPerClient] + this.rule.windowMs
    if (all.length >= this.rule.maxPerAccount) until = Math.max(until, all[all.length - this.rule.maxPerAccount] + this.rule.windowMs)
    return until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : 0
  }

  failed(client: string, now: number) {
    const mine = this.byClient.get(client) ?? []
    mine.push(now)
    this.byClient.set(client, mine)
    this.account.push(now)
    if (this.byClient.size > 10_000) for (const [k, v] of this.byClient) if (!this.recent(v, now).length) this.byClient.delete(k)
  }

  succeeded(client: string) {
    this.byClient.delete(client)
  }
}
