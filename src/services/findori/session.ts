/**
 * Admin sessions, kept server-side: the cookie carries a random 256-bit id, the database only its
 * SHA-256 (a leaked table gives no usable cookie). A session ends at its 7-day limit (the seed's
 * Max-Age=604800), after FINDORI_SESSION_IDLE_MIN without requests, or when logged out (revoked).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'
import type { AppDeps } from '../../deps.js'

export const SESSION_TTL_SEC = 604_800
// Touching last_seen on every request would write on every admin read; a minute is finer than any idle timeout.
const TOUCH_EVERY_MS = 60_000

type SessionDeps = Pick<AppDeps, 'db' | 'clock' | 'config'>

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex')

/** Creates a session and returns the cookie value. Tests and development credentials mint theirs here too. */
export async function issueSession({ db, clock }: SessionDeps, now: Date = clock.now()): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  const at = now.toISOString()
  await db
    .insertInto('findori_sessions')
    .values({
      id_hash: hashSessionId(id),
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + SESSION_TTL_SEC * 1000).toISOString(),
      revoked_at: null,
    })
    .execute()
  return id
}

export interface ActiveSession {
  idHash: string
  /** The earlier of the 7-day limit and the idle deadline. */
  expiresAt: Date
}

/** The live session behind a cookie value, touched as used; null when unknown, revoked, expired or idle. */
export async function verifySession(db: Kysely<Database>, token: string, now: Date, idleMin: number): Promise<ActiveSession | null> {
  if (token.length > 200) return null
  const idHash = hashSessionId(token)
  const row = await db.selectFrom('findori_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst()
  if (!row || row.revoked_at) return null
  const hardLimit = new Date(row.expires_at)
  const idleMs = idleMin * 60_000
  const lastSeen = new Date(row.last_seen_at)
  if (now >= hardLimit || now.getTime() - lastSeen.getTime() > idleMs) return null
  if (now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS) {
    await db.updateTable('findori_sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', idHash).execute()
  }
  return { idHash, expiresAt: new Date(Math.min(hardLimit.getTime(), now.getTime() + idleMs)) }
}

export async function revokeSession(db: Kysely<Database>, idHash: string, now: Date) {
  await db.updateTable('findori_sessions').set({ revoked_at: now.toISOString() }).where('id_hash', '=', idHash).execute()
}

/** Drops sessions that can no longer be used (called at login, so the table stays small without a timer). */
export async function pruneSessions(db: Kysely<Database>, now: Date) {
  await db.deleteFrom('findori_sessions').where('expires_at', '<', now.toISOString()).execute()
}

const COOKIE_ATTRS = 'Path=/; HttpOnly; Secure; SameSite=Strict'
export const sessionCookie = (id: string) => `session=${id}; ${COOKIE_ATTRS}; Max-Age=${SESSION_TTL_SEC}`
export const clearedSessionCookie = () => `session=; ${COOKIE_ATTRS}; Max-Age=0`
