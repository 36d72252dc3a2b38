/**
 * The saju contract (seed 004): four-pillars reports, luck, chat, tokens, entitlements, PDF,
 * profiles. Bearer JWT (stored, hashed API tokens), required X-Request-Id, X-RateLimit-* on every
 * response, and `signatures.sha256` in every body.
 */
import { generated } from '../../../generated/saju/contract.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import type { RequestMeta } from '../../kit/types.js'
import { specFile } from '../../paths.js'
import { sajuErrors } from './errors.js'
import { bindSajuHandlers } from '../../../generated/saju/handlers.gen.js'
import { sajuVerifiers, issueApiToken, issueUserToken } from './security.js'
import { DEMO_USER_ID } from './demo.js'
import { signBody } from './signatures.js'
import { sajuRateLimit } from './rate-limit.js'
import { sajuMigrations } from './migrations/index.js'
import { signingKeyFrom } from './signing-key.js'

export const saju: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: sajuErrors,
  migrations: sajuMigrations,
  bind: async (deps, mode) => {
    const key = signingKeyFrom(deps.config.secrets.sajuSigningKey)
    const common = {
      verifiers: sajuVerifiers(deps, mode),
      rateLimit: sajuRateLimit(() => deps.config.sajuRateLimitPerMin),
      rateLimitHeaders: true,
      decorate: (result: Parameters<typeof signBody>[0]) => signBody(result, key),
    }
    if (mode === 'mock')
      return {
        ...common,
        // The mock signs with the configured key too: its JWKS must publish that key, not the
        // spec example's, or no mock answer's X-Signature could be checked against it.
        decorate: (result: Parameters<typeof signBody>[0], meta: RequestMeta) =>
          signBody(meta.operationId === 'getSigningKeys' && result.status === 200 ? { ...result, body: { keys: [key.jwk] } } : result, key),
      }
    // The engine, PDF renderer and chat load only for real handlers (not in the mock).
    const [{ createSajuService }, { sajuHandlers }, { guardBodies }] = await Promise.all([
      import('./wiring.js'),
      import('./handlers.js'),
      import('./ijson-guard.js'),
    ])
    const service = createSajuService(deps)
    void service.pdf.resume()
    return { ...common, handlers: bindSajuHandlers(guardBodies(sajuHandlers), { saju: service, signingKey: key }), close: () => service.close() }
  },
  seed: async (deps) => (await import('./seed.js')).seedSaju(deps),
  devCredentials: async (deps) => {
    // The mock checks a token's signature and expiry only: no user to seed (which compiles the
    // engine's policies and computes a report, ~0.3 s of the first requests' time).
    if (deps.config.mode === 'mock')
      return { bearerAuth: { Authorization: `Bearer ${await issueUserToken(deps.config.secrets.sajuJwtSecret, DEMO_USER_ID, deps.clock.now(), 86_400 * 30)}` } }
    const { seedSaju } = await import('./seed.js')
    await seedSaju(deps)
    const { token } = await issueApiToken(deps.db, deps.config.secrets.sajuJwtSecret, DEMO_USER_ID, deps.clock.now(), 86_400 * 30)
    return { bearerAuth: { Authorization: `Bearer ${token}` } }
  },
}
