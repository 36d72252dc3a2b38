/**
 * The seed's two bearer tokens. Admin endpoints take only ORCH_ADMIN_TOKEN (a node token there
 * is AUTH_001, as verify_admin_token says); node endpoints take ORCH_NODE_TOKEN or the admin one.
 */
import { secretMatcher } from '../../kit/secrets.js'
import type { SecurityVerifier } from '../../kit/security.js'
import type { AppDeps } from '../../deps.js'

export function orchestratorVerifiers({ config }: AppDeps): Record<string, SecurityVerifier> {
  const isAdmin = secretMatcher(config.secrets.orchAdminToken)
  const isNode = secretMatcher(config.secrets.orchNodeToken)
  return {
    adminBearer: (token, { scheme }) => (isAdmin(token) ? { scheme, id: 'admin' } : null),
    nodeBearer: (token, { scheme }) => {
      // Both compared every time, so timing does not tell which one matched.
      const admin = isAdmin(token)
      const node = isNode(token)
      return admin ? { scheme, id: 'admin' } : node ? { scheme, id: 'node' } : null
    },
  }
}
