/**
 * HS256 JSON Web Tokens through `jose`: the session cookies (findori) and bearer tokens (saju)
 * are both signed claims checked without a database round trip.
 */
import { SignJWT, jwtVerify, errors } from 'jose'

const keyOf = (secret: string) => new TextEncoder().encode(secret)

export interface TokenClaims {
  sub: string
  [claim: string]: unknown
}

export async function signToken(secret: string, claims: TokenClaims, ttlSec: number, now: Date, audience: string): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000)
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSec)
    .setAudience(audience)
    .sign(keyOf(secret))
}

/** The claims of a valid, unexpired token for this audience, or null (never throws on bad input). */
export async function verifyToken(secret: string, token: string, now: Date, audience: string): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: ['HS256'], audience, currentDate: now })
    return typeof payload.sub === 'string' ? (payload as TokenClaims) : null
  } catch (e) {
    if (e instanceof errors.JOSEError || e instanceof TypeError) return null
    throw e
  }
}
