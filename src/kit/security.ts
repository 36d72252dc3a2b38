/**
 * Security from the spec's securitySchemes: the kit extracts the credential each scheme names
 * and asks the service's verifier about it. Requirements are OR-ed, schemes within one AND-ed,
 * as OpenAPI says. Verifiers compare secrets in constant time (see secrets.ts).
 */
import { KitError, type AuthFailure } from './errors.js'
import { cookieOf, type Exchange } from './exchange.js'
import { isPromise, type MaybePromise, type Principal, type RouteDef, type SecuritySchemeDef } from './types.js'

export type SecurityVerifier = (credential: string, info: { scheme: string; operationId: string }) => MaybePromise<Principal | null>

interface Attempt {
  scheme: string
  failure: AuthFailure
}

function credentialOf(ex: Exchange, def: SecuritySchemeDef): { value?: string; failure?: AuthFailure } {
  if (def.type === 'http' && String(def.scheme).toLowerCase() === 'bearer') {
    const header = ex.header('authorization')
    if (!header) return { failure: 'missing' }
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
    return match ? { value: match[1] } : { failure: 'malformed' }
  }
  if (def.type === 'apiKey') {
    const value =
      def.in === 'cookie'
        ? cookieOf(ex, def.name!)
        : def.in === 'query'
          ? (new URLSearchParams(ex.search).get(def.name!) ?? undefined)
          : ex.header(def.name!.toLowerCase())
    return value ? { value } : { failure: 'missing' }
  }
  throw new Error(`unsupported security scheme type ${def.type}/${def.scheme}`)
}

const RANK: Record<AuthFailure, number> = { invalid: 3, malformed: 2, missing: 1 }

function refuse(attempts: Attempt[]): never {
  const worst = attempts.sort((a, b) => RANK[b.failure] - RANK[a.failure])[0]
  throw new KitError('unauthorized', { scheme: worst.scheme, auth: worst.failure, message: `authentication failed (${worst.failure})` })
}

// A requirement's scheme names, listed once per requirement object (route tables are static).
const NAMES = new WeakMap<object, string[]>()
const namesOf = (requirement: Record<string, string[]>) => {
  let names = NAMES.get(requirement)
  if (!names) NAMES.set(requirement, (names = Object.keys(requirement)))
  return names
}

/**
 * Returns the principal of the first satisfied requirement, or throws `unauthorized` describing
 * the most telling failure (a wrong credential beats a malformed one beats a missing one).
 * Synchronous while the verifiers are (static tokens), so the common case costs no extra
 * promise turns; it continues asynchronously from the first verifier that returns a promise.
 */
export function authenticate(
  ex: Exchange,
  route: RouteDef,
  schemes: Record<string, SecuritySchemeDef>,
  verifiers: Record<string, SecurityVerifier>,
): MaybePromise<Principal | null> {
  if (!route.security) return null
  const attempts: Attempt[] = []
  const requirements = route.security

  const run = (
    from: number,
    pending?: { index: number; name: string; result: Principal | null; principal: Principal | null },
  ): MaybePromise<Principal | null> => {
    for (let r = from; r < requirements.length; r++) {
      const names = namesOf(requirements[r])
      if (!names.length) return null // `{}` makes the operation's security optional
      let principal: Principal | null = null
      let ok = true
      let start = 0
      if (pending && r === from) {
        if (!pending.result) {
          attempts.push({ scheme: pending.name, failure: 'invalid' })
          continue
        }
        principal = pending.principal ?? pending.result
        start = pending.index + 1
      }
      for (let i = start; i < names.length; i++) {
        const name = names[i]
        const def = schemes[name]
        const verify = verifiers[name]
        if (!def || !verify) throw new Error(`no verifier for security scheme ${name}`)
        const cred = credentialOf(ex, def)
        if (cred.failure) {
          attempts.push({ scheme: name, failure: cred.failure })
          ok = false
          break
        }
        const p = verify(cred.value!, { scheme: name, operationId: route.operationId })
        if (isPromise(p)) {
          const soFar = principal
          return p.then((result) => run(r, { index: i, name, result, principal: soFar }))
        }
        if (!p) {
          attempts.push({ scheme: name, failure: 'invalid' })
          ok = false
          break
        }
        principal ??= p
      }
      if (ok) return principal
    }
    return refuse(attempts)
  }
  return run(0)
}
