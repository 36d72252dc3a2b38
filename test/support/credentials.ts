/**
 * Valid credentials for every security scheme the specs declare, minted from the test secrets
 * the way a real client obtains them (session cookie, bearer JWT, static tokens).
 */
import type { Server } from '../../src/server.js'
import { issueSession } from '../../src/services/findori/session.js'
import { issueUserToken } from '../../src/services/saju/security.js'

export interface Credential {
  headers: Record<string, string>
}

export async function credentialFor(server: Server, scheme: string): Promise<Credential> {
  const { secrets } = server.deps.config
  const now = server.deps.clock.now()
  switch (scheme) {
    case 'adminBearer':
      return { headers: { Authorization: `Bearer ${secrets.orchAdminToken}` } }
    case 'nodeBearer':
      return { headers: { Authorization: `Bearer ${secrets.orchNodeToken}` } }
    case 'cronBearer':
      return { headers: { Authorization: `Bearer ${secrets.cronSecret}` } }
    case 'sessionCookie':
      return { headers: { Cookie: `session=${await issueSession(secrets.findoriSessionSecret, now)}` } }
    case 'bearerAuth':
      return { headers: { Authorization: `Bearer ${await issueUserToken(secrets.sajuJwtSecret, 'user-test-1', now)}` } }
    default:
      throw new Error(`no test credential for scheme ${scheme}`)
  }
}

/** Wrong but well-formed credentials for the same scheme. */
export function wrongCredentialFor(scheme: string): Credential {
  if (scheme === 'sessionCookie') return { headers: { Cookie: 'session=not-a-valid-session' } }
  return { headers: { Authorization: 'Bearer wrong-token-of-another-length' } }
}
