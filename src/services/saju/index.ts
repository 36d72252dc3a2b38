/**
 * The saju contract (seed 004): four-pillars reports, luck, chat, tokens, entitlements, PDF,
 * profiles. Bearer JWT, required X-Request-Id, X-RateLimit-* on every response, and
 * `signatures.sha256` in every body.
 */
import { table } from '../../../generated/saju/routes.gen.js'
import { validators } from '../../../generated/saju/validators.gen.js'
import { examples } from '../../../generated/saju/examples.gen.js'
import type { ContractDefinition } from '../../kit/contract.js'
import type { AppDeps } from '../../deps.js'
import { specFile } from '../../paths.js'
import { sajuErrors } from './errors.js'
import { sajuVerifiers } from './auth.js'
import { signBody } from './signatures.js'

export const saju: ContractDefinition<AppDeps> = {
  table,
  validators: validators as ContractDefinition['validators'],
  examples,
  loadMockSchemas: () => import('../../../generated/saju/mock-schemas.gen.js'),
  specFile: specFile('saju.openapi.yaml'),
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
