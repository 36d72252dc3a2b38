/**
 * Login throttling: 5 failures from one client, or 20 against the (single) admin account, within
 * 15 minutes lock that client, or every client, until the oldest of those failures leaves the
 * window. Kept in the database (one row per failure, findori_login_failures), so every server
 * process on one database counts the same failures: an insert is atomic on SQLite and PostgreSQL
 * alike, and rows older than the window are deleted as new ones come. Two processes checking at
 * the same instant may each let one more guess through; never more than the number of requests
 * in flight.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'

export interface ThrottleRule {
  maxPerClient: number
  maxPerAccount: number
  windowMs: number
}

export const DEFAULT_THROTTLE: ThrottleRule = { maxPerClient: 5, maxPerAccount: 20, windowMs: 15 * 60_000 }

// The column's width; an address is at most 45 characters (IPv6 with an embedded IPv4).
const clientKey = (client: string) => client.slice(0, 100)

export class LoginThrottle {
  constructor(
    private db: Kysely<Database>,
    private rule: ThrottleRule = DEFAULT_THROTTLE,
  ) {}

  /** When the n-th most recent failure (of this client, or of anyone when client is null) leaves the window; 0 when fewer than n are in it. */
  private async lockedUntil(client: string | null, n: number, now: Date): Promise<number> {
    let q = this.db
      .selectFrom('findori_login_failures')
      .select('failed_at')
      .where('failed_at', '>', new Date(now.getTime() - this.rule.windowMs).toISOString())
    if (client !== null) q = q.where('client', '=', clientKey(client))
    const nth = await q
      .orderBy('failed_at', 'desc')
      .limit(1)
      .offset(n - 1)
      .executeTakeFirst()
    return nth ? new Date(nth.failed_at).getTime() + this.rule.windowMs : 0
  }

  /** Seconds until this client may try again, or 0. */
  async retryAfterSec(client: string, now: Date): Promise<number> {
    const [mine, all] = await Promise.all([this.lockedUntil(client, this.rule.maxPerClient, now), this.lockedUntil(null, this.rule.maxPerAccount, now)])
    const until = Math.max(mine, all)
    return until > now.getTime() ? Math.max(1, Math.ceil((until - now.getTime()) / 1000)) : 0
  }

  async failed(client: string, now: Date) {
    await this.db
      .insertInto('findori_login_failures')
      .values({ id: randomUUID(), client: clientKey(client), failed_at: now.toISOString() })
      .execute()
    await this.db
      .deleteFrom('findori_login_failures')
      .where('failed_at', '<=', new Date(now.getTime() - this.rule.windowMs).toISOString())
      .execute()
  }

  /** A right password clears the client's own failures (not the account's: another client's guesses still count). */
  async succeeded(client: string) {
    await this.db.deleteFrom('findori_login_failures').where('client', '=', clientKey(client)).execute()
  }
}
