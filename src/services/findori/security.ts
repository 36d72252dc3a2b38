/**
 * Verifiers for findori's two schemes: the admin session cookie and the cron bearer secret.
 */
import { secretMatcher } from '../../kit/secrets.js'
import type { SecurityVerifier } from '../../kit/security.js'
import type { AppDeps } from '../../deps.js'
import { verifySession } from './session.js'

export function findoriVerifiers({ config, clock }: AppDeps): Record<string, SecurityVerifier> {
  const isCronSecret = secretMatcher(config.secrets.cronSecret)
  return {
    sessionCookie: async (token, { scheme }) => {
      const claims = await verifySession(config.secrets.findoriSessionSecret, token, clock.now())
      return claims ? { scheme, id: claims.sub } : null
    },
    cronBearer: (token, { scheme }) => (isCronSecret(token) ? { scheme, id: 'cron' } : null),
  }
}
