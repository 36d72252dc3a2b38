/**
 * Admin session cookies: signed, expiring tokens (7 days, the seed's Max-Age=604800).
 */
import { signToken, verifyToken } from '../../kit/jwt.js'

export const SESSION_TTL_SEC = 604_800
const AUDIENCE = 'findori-admin'

export const issueSession = (secret: string, now: Date) => signToken(secret, { sub: 'admin' }, SESSION_TTL_SEC, now, AUDIENCE)
export const verifySession = (secret: string, token: string, now: Date) => verifyToken(secret, token, now, AUDIENCE)
