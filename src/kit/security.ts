/**
 * Security from the spec's securitySchemes: the kit extracts the credential each scheme names
 * and asks the service's verifier about it. Requirements are OR-ed, schemes within one AND-ed,
 * as OpenAPI says. Verifiers compare secrets in constant time (see secrets.ts).
 */
import { getCookie } from 'hono/cookie'
import type { Context } from 'hono'
import { KitError, type AuthFailure } from './errors.js'
import type { MaybePromise, Principal, RouteDef, SecuritySchemeDef } from './types.js'

export type SecurityVerifier = (credential: string, info: { scheme: string; operationId: string }) => MaybePromise<Principal | null>

interface Attempt {
  scheme: string
  failure: AuthFailure
}

function credentialOf(c: Context, def: SecuritySchemeDef): { value?: string; failure?: AuthFailure } {
  if (def.type === 'http' && String(def.scheme).toLowerCase() === 'bearer') {
    const header = c.req.header('authorization')
    if (!header) return { failure: 'missing' }
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
    return match ? { value: match[1] } : { failure: 'malformed' }
  }
  if (def.type === 'apiKey') {
    const value =
      def.in === 'cookie' ? getCookie(c, def.name!) : def.in === 'query' ? c.req.query(def.name!) : c.req.header(def.name!)
    return value ? { value } : { failure: 'missing' }
  }
  throw new Error(`unsupported security scheme type ${def.type}/${def.scheme}`)
}

/**
 * Returns the principal of the first satisfied requirement, or throws `unauthorized` describing
 * the most telling failure (a wrong credential beats a malformed one beats a missing one).
 */
export async function authenticate(
  c: Context,
  route: RouteDef,
  schemes: Record<string, SecuritySchemeDef>,
  verifiers: Record<string, SecurityVerifier>,
): Promise<Principal | null> {
  if (!route.security) return null
  const attempts: Attempt[] = []
  for (const requirement of route.security) {
    const names = Object.keys(requirement)
    if (!names.length) return null // `{}` makes the operation's security optional
    let principal: Principal | null = null
    let ok = true
    for (const name of names) {
      const def = schemes[name]
      const verify = verifiers[name]
      if (!def || !verify) throw new Error(`no verifier for security scheme ${name}`)
      const cred = credentialOf(c, def)
      if (cred.failure) {
        attempts.push({ scheme: name, failure: cred.failure })
        ok = false
        break
      }
      const p = await verify(cred.value!, { scheme: name, operationId: route.operationId })
      if (!p) {
        attempts.push({ scheme: name, failure: 'invalid' })
        ok = false
        break
      }
      principal ??= p
    }
    if (ok) return principal
  }
  const rank: Record<AuthFailure, number> = { invalid: 3, malformed: 2, missing: 1 }
  const worst = attempts.sort((a, b) => rank[b.failure] - rank[a.failure])[0]
  throw new KitError('unauthorized', { scheme: worst.scheme, auth: worst.failure, message: `authentication failed (${worst.failure})` })
}
