/**
 * Saju users authenticate with HS256 bearer JWTs (audience `saju-api`, subject = user id, `jti`
 * = token id). Claims are checked strictly: `exp` and `iat` required, a non-empty `sub`, no `iat`
 * in the future. In real mode the token must also be one the server issued and stored (SHA-256
 * hash, compared in constant time), not revoked, for an existing user: unknown or revoked → 401.
 */
import { createHash, randomUUID } from 'node:crypto'
import { SignJWT, jwtVerify, errors } from 'jose'
import type { Kysely } from 'kysely'
import { safeEqual } from '../../kit/secrets.js'
import type { SecurityVerifier } from '../../kit/security.js'
import type { AppDeps } from '../../deps.js'
import type { Database } from '../database.js'
import * as repo from './repo.js'

export const SAJU_AUDIENCE = 'saju-api'
/** Clock skew tolerated on `iat` and `exp`. */
const SKEW_SEC = 60
/** The longest lifetime a token may claim (API tokens: one year). */
const MAX_TTL_SEC = 366 * 86_400

const keyOf = (secret: string) => new TextEncoder().encode(secret)
/**
 * The verifying key, imported once per secret: given the raw bytes, jose imports a WebCrypto key
 * on every call (~50 µs of each authenticated request's CPU, make bench section real).
 */
const verifyKeys = new Map<string, Promise<CryptoKey>>()
function verifyKeyOf(secret: string): Promise<CryptoKey> {
  let key = verifyKeys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', keyOf(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    verifyKeys.set(secret, key)
  }
  return key
}
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

/** A signed token for `userId` (not stored: real mode accepts it only once `storeApiToken` saw it). */
export async function issueUserToken(secret: string, userId: string, now: Date, ttlSec = 3600, jti: string = randomUUID()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000)
  return new SignJWT({ sub: userId, jti })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSec)
    .setAudience(SAJU_AUDIENCE)
    .sign(keyOf(secret))
}

/** Issues and stores (hashed) an API token for an existing user; returns the token once. */
export async function issueApiToken(
  db: Kysely<Database>,
  secret: string,
  userId: string,
  now: Date,
  ttlSec = 365 * 86_400,
): Promise<{ token: string; token_id: string }> {
  const jti = randomUUID()
  const token = await issueUserToken(secret, userId, now, ttlSec, jti)
  await repo.storeToken(db, { id: jti, user_id: userId, token_hash: tokenHash(token), expires_at: new Date(now.getTime() + ttlSec * 1000).toISOString() }, now)
  return { token, token_id: jti }
}

export interface SajuClaims {
  sub: string
  jti: string
  iat: number
  exp: number
}

/** The claims of a well-formed, unexpired token, or null (never throws on bad input). */
export async function checkClaims(secret: string, token: string, now: Date): Promise<SajuClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await verifyKeyOf(secret), {
      algorithms: ['HS256'],
      audience: SAJU_AUDIENCE,
      currentDate: now,
      clockTolerance: SKEW_SEC,
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    })
    const { sub, jti, iat, exp } = payload
    if (typeof sub !== 'string' || !sub.trim() || typeof jti !== 'string' || !jti) return null
    const nowSec = now.getTime() / 1000
    if (typeof iat !== 'number' || iat > nowSec + SKEW_SEC) return null
    if (typeof exp !== 'number' || exp - iat > MAX_TTL_SEC) return null
    return { sub, jti, iat, exp }
  } catch (e) {
    if (e instanceof errors.JOSEError || e instanceof TypeError) return null
    throw e
  }
}

export function sajuVerifiers({ config, clock, db }: AppDeps, mode: 'real' | 'mock'): Record<string, SecurityVerifier> {
  return {
    bearerAuth: async (token, { scheme }) => {
      const claims = await checkClaims(config.secrets.sajuJwtSecret, token, clock.now())
      if (!claims) return null
      if (mode === 'mock') return { scheme, id: claims.sub }
      const row = await repo.findToken(db, claims.jti)
      if (!row || row.revoked_at || row.user_id !== claims.sub || !safeEqual(tokenHash(token), row.token_hash)) return null
      const user = await repo.findUser(db, claims.sub)
      return user ? { scheme, id: user.id, plan: user.plan } : null
    },
  }
}
