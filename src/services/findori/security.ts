/**
 * Verifiers for findori's two schemes: the admin session cookie (looked up server-side, see
 * session.ts) and the cron bearer secret (constant-time comparison).
 */
import { secretMatcher } from '../../kit/secrets.js'
import type { SecurityVerifier } from '../../kit/security.js'
import type { AppDeps } from '../../deps.js'
import { verifySession } from './session.js'

export function findoriVerifiers({ config, clock, db }: AppDeps): Record<string, SecurityVerifier> {
  const isCronSecret = secretMatcher(config.secrets.cronSecret)
  return {
    sessionCookie: async (token, { scheme }) => {
      const session = await verifySession(db, token, clock.now(), config.findori.sessionIdleMin)
      return session ? { scheme, id: 'admin', sessionIdHash: session.idHash, expiresAt: session.expiresAt.toISOString() } : null
    },
    cronBearer: (token, { scheme }) => (isCronSecret(token) ? { scheme, id: 'cron' } : null),
  }
}
