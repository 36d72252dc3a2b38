/**
 * The generated SDK of each contract, by slug, for the contract suites; and the rate limits they
 * raise (the suites send hundreds of requests; the limits have their own tests).
 */
type Sdk = [Record<string, unknown>, (c: Record<string, unknown>) => unknown]

export const SDKS: Record<string, () => Promise<Sdk>> = {
  operator: async () => [
    await import('../../generated/operator/sdk/index.js'),
    (await import('../../generated/operator/sdk/client/index.js')).createClient as any,
  ],
  hitl: async () => [await import('../../generated/hitl/sdk/index.js'), (await import('../../generated/hitl/sdk/client/index.js')).createClient as any],
  orchestrator: async () => [
    await import('../../generated/orchestrator/sdk/index.js'),
    (await import('../../generated/orchestrator/sdk/client/index.js')).createClient as any,
  ],
  saju: async () => [await import('../../generated/saju/sdk/index.js'), (await import('../../generated/saju/sdk/client/index.js')).createClient as any],
  findori: async () => [
    await import('../../generated/findori/sdk/index.js'),
    (await import('../../generated/findori/sdk/client/index.js')).createClient as any,
  ],
}

export const UNLIMITED = {
  ORCH_RATE_LIMIT_AUTH_PER_MIN: '1000000',
  ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '1000000',
  ORCH_RATE_LIMIT_EMERGENCY_PER_10MIN: '1000000',
  SAJU_RATE_LIMIT_PER_MIN: '1000000',
}
