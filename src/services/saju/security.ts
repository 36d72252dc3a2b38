/**
 * Saju users authenticate with HS256 bearer JWTs (audience `saju-api`, subject = user id).
 */
import { signToken, verifyToken } from '../../kit/jwt.js'
import type { SecurityVerifier } from '../../kit/security.js'
import type { AppDeps } from '../../deps.js'

export const SAJU_AUDIENCE = 'saju-api'

export const issueUserToken = (secret: string, userId: string, now: Date, ttlSec = 3600) =>
  signToken(secret, { sub: userId }, ttlSec, now, SAJU_AUDIENCE)

export function sajuVerifiers({ config, clock }: AppDeps): Record<string, SecurityVerifier> {
  return {
    bearerAuth: async (token, { scheme }) => {
      const claims = await verifyToken(config.secrets.sajuJwtSecret, token, clock.now(), SAJU_AUDIENCE)
      return claims ? { scheme, id: claims.sub } : null
    },
  }
}
