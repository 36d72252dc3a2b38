/**
 * The saju service as the handlers see it: the database, clock and configuration, the engine's
 * policies, the luck cache, the SSV key source, the chat provider and the PDF job runner. Tests
 * replace the outside services (key server, LLM) by configuration pointing at loopback fakes.
 */
import type { AppDeps } from '../../deps.js'
import { defaultPolicies, type PolicySet } from './engine/index.js'
import { HttpSsvKeys, type SsvKeySource } from './ssv.js'
import { embeddedWriter, HttpLlmProvider, type LlmProvider } from './chat/llm.js'
import { LuckCache } from './luck-cache.js'
import { PdfRunner } from './pdf/runner.js'
import type { RewardPolicy } from './rewards.js'

export interface SajuService {
  deps: AppDeps
  policies: PolicySet
  luckCache: LuckCache<Record<string, unknown>>
  ssvKeys: SsvKeySource
  llm: LlmProvider
  reward: RewardPolicy
  pdf: PdfRunner
  now(): Date
  close(): Promise<void>
}

export function createSajuService(deps: AppDeps): SajuService {
  const cfg = deps.config.saju
  const policies = defaultPolicies()
  const pdf = new PdfRunner(deps, policies)
  return {
    deps,
    policies,
    luckCache: new LuckCache(),
    ssvKeys: new HttpSsvKeys(cfg.ssvKeysUrl, deps.clock),
    llm: cfg.llm.baseUrl
      ? new HttpLlmProvider({ baseUrl: cfg.llm.baseUrl, apiKey: cfg.llm.apiKey, model: cfg.llm.model, timeoutMs: cfg.llm.timeoutMs })
      : embeddedWriter,
    reward: { cooldownSec: cfg.rewardCooldownSec, dailyCap: cfg.rewardDailyCap },
    pdf,
    now: () => deps.clock.now(),
    close: () => pdf.close(),
  }
}
