/**
 * The saju contract (seed 004): four-pillars reports, luck, chat, tokens, entitlements, PDF,
 * profiles. Bearer JWT, required X-Request-Id, X-RateLimit-* on every response, and
 * `signatures.sha256` in every body.
 */
import { generated } from '../../../generated/saju/contract.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { sajuErrors } from './errors.js'
import { sajuVerifiers } from './security.js'
import { signBody } from './signatures.js'

export const saju: ContractDefinition<AppDeps> = {
  ...generated,
  specFile: specFile(generated.specFileName),
  errors: sajuErrors,
  bind: (deps) => ({
    verifiers: sajuVerifiers(deps),
    rateLimit: (_route, principal, clientAddress) => ({
      key: principal ? `saju:user:${principal.id}` : `saju:anon:${clientAddress}`,
      limit: deps.config.sajuRateLimitPerMin,
      windowSec: 60,
    }),
    rateLimitHeaders: true,
    decorate: signBody,
  }),
}
