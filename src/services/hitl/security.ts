/**
 * hitl's bearer credential (HITL_API_TOKEN): the seed is silent on auth, but an endpoint that
 * releases trades must not be open. Compared in constant time.
 */
import { secretMatcher } from '../../kit/secrets.js'
import type { SecurityVerifier } from '../../kit/security.js'
import type { AppDeps } from '../../deps.js'

export function hitlVerifiers({ config }: AppDeps): Record<string, SecurityVerifier> {
  const matches = secretMatcher(config.secrets.hitlApiToken)
  return { hitlBearer: (token, { scheme }) => (matches(token) ? { scheme, id: 'hitl-client' } : null) }
}
