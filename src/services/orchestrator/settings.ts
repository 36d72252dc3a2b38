/**
 * The orchestrator's live tunables (timings, queue bound, rate limits). Everything reads them
 * from here rather than from the frozen config, so an L2 reset can re-read the configuration
 * without a restart. Secrets are not tunables and never change at run time.
 */
import type { Config, OrchestratorConfig, RateLimitConfig } from '../../config.js'

export class OrchestratorSettings {
  timings: OrchestratorConfig
  limits: RateLimitConfig

  constructor(
    config: Readonly<Config>,
    private readonly reloadConfig: () => Readonly<Config> = () => config,
  ) {
    this.timings = config.orchestrator
    this.limits = config.orchestratorRateLimit
  }

  /** Re-reads the configuration (L2); a broken configuration keeps the current values. */
  reload(): { ok: true } | { ok: false; error: string } {
    try {
      const next = this.reloadConfig()
      this.timings = next.orchestrator
      this.limits = next.orchestratorRateLimit
      return { ok: true }
    } catch (e) {
      return { ok: false, error: (e as Error).message }
    }
  }
}
