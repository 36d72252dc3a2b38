/**
 * The only reader of the environment. Validates everything once at start-up, fails fast with a
 * message naming the variable, and returns one frozen object. In development, missing secrets
 * are generated (and printed by the server, once); with NODE_ENV=production they are required.
 */
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { randomToken } from './kit/secrets.js'
import type { ResponseValidationMode } from './kit/operation/mounted.js'
import type { LogLevel } from './kit/logger.js'
import { compileTrust, type TrustProxy } from './kit/client-address.js'

export interface RateLimitConfig {
  authenticatedPerMin: number
  unauthenticatedPerMin: number
  emergencyPer10Min: number
  wsMessagesPerSec: number
}

/** Orchestrator timings and bounds (spec/orchestrator.asyncapi.yaml "타이밍"); reloaded by an L2 reset. */
export interface OrchestratorConfig {
  /** How often node runners heartbeat (the reference runner's default; the server only reads it for docs). */
  heartbeatIntervalMs: number
  /** A node without a heartbeat for this long is offline; also the grace a vanished node has to come back. */
  heartbeatTimeoutMs: number
  pingIntervalMs: number
  /** A ping unanswered for this long marks the node `error`. */
  pingTimeoutMs: number
  /** How long a node has to accept an `execute` before the task fails with DISPATCH_TIMEOUT. */
  executeTimeoutMs: number
  /** Queued (not running) tasks allowed per device. */
  queueLimit: number
  confirmCodeTtlSec: number
  /** How long an emergency reset stays `initiated` (commands get 503 during an L2) before it completes. */
  resetHoldMs: number
  /** PostgreSQL scale-out: a server process unheard of for this long is dead (renewed every third of it). */
  processLeaseMs: number
}

/** The operator plane (spec/operator.openapi.yaml, "실행 모드" and "Artifact Store"). */
export interface OperatorConfig {
  /** LIVE places real orders through the broker adapter; DRY_RUN simulates (the default). */
  mode: 'LIVE' | 'DRY_RUN'
  /** Root of the artifact store (exports, ops summary, tickets). */
  artifactRoot: string
  /** Broker adapter name: `simulated` (no real orders; refused in LIVE) or `http`. */
  broker: 'simulated' | 'http'
  /** The `http` adapter's order endpoint and bearer token. */
  brokerUrl: string | null
  brokerToken: string | null
}

/** Findori (spec/findori.openapi.yaml): admin login, sessions, pipeline schedule and fetching. */
export interface FindoriConfig {
  /** argon2id (`$argon2id$…`) or scrypt (`scrypt$…`) hash of the admin password; '' = hash `secrets.findoriAdminPassword` at start (development). */
  adminPasswordHash: string
  /** An admin session ends after this many idle minutes (besides its 7-day limit). */
  sessionIdleMin: number
  /** Origins allowed to make state-changing admin requests when a browser sends no Sec-Fetch-Site. */
  adminOrigins: string[]
  /** In-process schedule of the pipeline (cron expression, UTC); '' = off. */
  schedule: string
  /** Lets the pipeline fetch from loopback and private addresses (tests, local fixtures). */
  fetchAllowPrivate: boolean
  /** Total deadline of one feed fetch, redirects and body included. */
  fetchTimeoutMs: number
  /** A feed larger than this is cut off while streaming. */
  fetchMaxBytes: number
  fetchMaxRedirects: number
}
/** hitl (seed 001): interrupt policy defaults, the broker adapter and the optional LLM parser. */
export interface HitlSettings {
  /** Server default per action: `always`, `never` or `{above_amount}` (a thread's hitl_config overrides it). */
  defaultPolicy: { trade: HitlPolicySetting; rebalance: HitlPolicySetting }
  /** `simulated` (default) or `http`: a broker reached at brokerUrl (orders are filled). */
  broker: 'simulated' | 'http'
  brokerUrl: string | null
  /** OpenAI-compatible chat endpoint tried before the deterministic parser; null = parser alone. */
  llm: { baseUrl: string; apiKey: string | null; model: string } | null
  /** KRW per USD: converts US orders' amounts before `above_amount` (which is in KRW) judges them. */
  usdKrwRate: number
  /** The event stream's keep-alive comment, sent after this many seconds without an event. */
  sseHeartbeatSec: number
  /** How often an open event stream reads the events table (events written by other processes). */
  eventsPollMs: number
}
export type HitlPolicySetting = 'always' | 'never' | { above_amount: number }

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  databaseUrl: string
  mode: 'real' | 'mock'
  bodyLimitBytes: number
  responseValidation: ResponseValidationMode
  logLevel: LogLevel
  /** CORS allowed origins (`*` = any, reflected); empty = no CORS headers. */
  corsOrigins: string[]
  secrets: {
    orchAdminToken: string
    orchNodeToken: string
    exportConfirmToken: string
    cronSecret: string
    /** Development only: hashed at start when FINDORI_ADMIN_PASSWORD_HASH is not set; '' when it is. */
    findoriAdminPassword: string
    sajuJwtSecret: string
    operatorApiToken: string
    operatorExportToken: string
    hitlApiToken: string
    /** saju: Ed25519 private key seed (64 hex) signing response bodies (X-Signature, JWKS). */
    sajuSigningKey: string
  }
  operator: OperatorConfig
  orchestratorRateLimit: RateLimitConfig
  orchestrator: OrchestratorConfig
  findori: FindoriConfig
  hitl: HitlSettings
  /** saju: one per-minute limit for every operation (overrides the spec's per-operation defaults); null = those defaults. */
  sajuRateLimitPerMin: number | null
  // ---- saju (issue 13) ----
  saju: {
    /** AdMob-format SSV key server. */
    ssvKeysUrl: string
    rewardCooldownSec: number
    rewardDailyCap: number
    /** Optional OpenAI-compatible provider; the embedded writer when baseUrl is unset. */
    llm: { baseUrl: string | null; apiKey: string | null; model: string; timeoutMs: number }
  }
  /** How long an Idempotency-Key's answer is kept for replay. */
  idempotencyTtlSec: number
  /** After this long an unfinished claim on an Idempotency-Key is taken to be abandoned (its process died). */
  idempotencyInFlightLeaseSec: number
  /** Whether each service's seed hook (demo data, the spec examples' resources) runs at start. */
  seedExamples: boolean
  // ---- scale-out (issue 14) ----
  /** Where request counters live: `memory` (one process) or `database` (shared by every process). */
  rateLimitStore: 'memory' | 'database'
  /** saju: how long a claimed PDF job stays with its process without a sign of life before another process takes it over. */
  sajuPdfLeaseSec: number
  /** Behind a load balancer: which peers' X-Forwarded-For names the client (TRUST_PROXY); false = the socket peer is the client. */
  trustProxy: TrustProxy
  // ---- end scale-out ----
  /** Names of secrets generated because they were not set: printed once at start. */
  generatedSecrets: string[]
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>

function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`)
  return n
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!allowed.includes(raw as T)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`)
  return raw as T
}

export const SECRET_VARS = {
  orchAdminToken: 'ORCH_ADMIN_TOKEN',
  orchNodeToken: 'ORCH_NODE_TOKEN',
  exportConfirmToken: 'EXPORT_CONFIRM_TOKEN',
  cronSecret: 'CRON_SECRET',
  findoriAdminPassword: 'FINDORI_ADMIN_PASSWORD',
  sajuJwtSecret: 'SAJU_JWT_SECRET',
  operatorApiToken: 'OPERATOR_API_TOKEN',
  operatorExportToken: 'OPERATOR_EXPORT_TOKEN',
  hitlApiToken: 'HITL_API_TOKEN',
  sajuSigningKey: 'SAJU_SIGNING_KEY',
} as const

// --- operator ---
function operatorConfig(env: Env, nodeEnv: Config['env']): OperatorConfig {
  const broker = oneOf(env, 'OPERATOR_BROKER', ['simulated', 'http'] as const, 'simulated')
  const brokerUrl = env.OPERATOR_BROKER_URL || null
  if (broker === 'http' && !brokerUrl) throw new ConfigError('OPERATOR_BROKER_URL is required when OPERATOR_BROKER=http')
  if (brokerUrl && !/^https?:\/\//.test(brokerUrl)) throw new ConfigError(`OPERATOR_BROKER_URL must be an http(s) URL, got "${brokerUrl}"`)
  // One value for both would let the approver publish the export (and so choose the token) they approve.
  if (env.OPERATOR_API_TOKEN && env.OPERATOR_API_TOKEN === env.OPERATOR_EXPORT_TOKEN) {
    throw new ConfigError('OPERATOR_EXPORT_TOKEN must differ from OPERATOR_API_TOKEN (the operator must not be able to publish exports)')
  }
  return {
    mode: oneOf(env, 'OPERATOR_MODE', ['LIVE', 'DRY_RUN'] as const, 'DRY_RUN'),
    // Tests get a fresh store per configuration unless they name one, so suites never share files.
    artifactRoot: env.OPERATOR_ARTIFACT_ROOT
      ? resolve(env.OPERATOR_ARTIFACT_ROOT)
      : nodeEnv === 'test'
        ? join(tmpdir(), `operator-artifacts-${randomBytes(6).toString('hex')}`)
        : resolve('data', 'operator', 'artifacts'),
    broker,
    brokerUrl,
    brokerToken: env.OPERATOR_BROKER_TOKEN || null,
  }
}

// ---- scale-out: TRUST_PROXY ------------------------------------------------------------------
/** Off, a hop count (`1`: the peer is the balancer), or a comma list of addresses, CIDRs and proxy-addr's names (loopback, linklocal, uniquelocal). */
function trustProxy(env: Env): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim()
  if (raw === '' || raw === 'false' || raw === 'off' || raw === '0') return false
  // Trusting every hop would take the leftmost entry, which the client writes itself.
  if (raw === 'true')
    throw new ConfigError("TRUST_PROXY=true would trust any client's X-Forwarded-For: give the number of proxies in front (e.g. 1) or their addresses")
  const setting: TrustProxy = /^\d+$/.test(raw)
    ? { hops: int(env, 'TRUST_PROXY', 0, 0, 100) }
    : {
        addresses: raw
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
      }
  try {
    compileTrust(setting)
  } catch (e) {
    throw new ConfigError(`TRUST_PROXY must be off, a hop count, or addresses/CIDRs (loopback, 10.0.0.0/8, …): ${(e as Error).message}`)
  }
  return setting
}

// ---- hitl -------------------------------------------------------------------------------------
function hitlPolicy(env: Env, name: string): HitlPolicySetting {
  const raw = env[name]
  if (raw === undefined || raw === '') return 'always'
  if (raw === 'always' || raw === 'never') return raw
  const m = raw.match(/^above:(\d+(?:\.\d+)?)$/)
  if (!m) throw new ConfigError(`${name} must be always, never or above:<amount in KRW>, got "${raw}"`)
  return { above_amount: Number(m[1]) }
}

function httpUrl(env: Env, name: string): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  if (!/^https?:\/\/[^\s]+$/.test(raw)) throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`)
  return raw.replace(/\/+$/, '')
}

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+(\.\d+)?$/.test(raw) || !(Number(raw) > 0)) throw new ConfigError(`${name} must be a positive number, got "${raw}"`)
  return Number(raw)
}

function hitlSettings(env: Env): HitlSettings {
  const broker = oneOf(env, 'HITL_BROKER', ['simulated', 'http'] as const, 'simulated')
  const brokerUrl = httpUrl(env, 'HITL_BROKER_URL')
  if (broker === 'http' && !brokerUrl) throw new ConfigError('HITL_BROKER_URL is required when HITL_BROKER=http')
  const llmBase = httpUrl(env, 'HITL_LLM_BASE_URL')
  if (llmBase && !env.HITL_LLM_MODEL) throw new ConfigError('HITL_LLM_MODEL is required when HITL_LLM_BASE_URL is set')
  return {
    defaultPolicy: { trade: hitlPolicy(env, 'HITL_DEFAULT_TRADE_POLICY'), rebalance: hitlPolicy(env, 'HITL_DEFAULT_REBALANCE_POLICY') },
    broker,
    brokerUrl,
    llm: llmBase ? { baseUrl: llmBase, apiKey: env.HITL_LLM_API_KEY || null, model: env.HITL_LLM_MODEL! } : null,
    usdKrwRate: positiveNumber(env, 'HITL_USD_KRW_RATE', 1400),
    sseHeartbeatSec: int(env, 'HITL_SSE_HEARTBEAT_SEC', 15, 1, 300),
    eventsPollMs: int(env, 'HITL_EVENTS_POLL_MS', 1000, 50, 60_000),
  }
}
// ---- end hitl ---------------------------------------------------------------------------------

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development')
  const generated: string[] = []
  const secrets = {} as Config['secrets']
  // Findori keeps a KDF hash of its admin password; a plain password is a development convenience, refused in production.
  const findoriHash = env.FINDORI_ADMIN_PASSWORD_HASH ?? ''
  if (findoriHash && !/^(\$argon2id\$|scrypt\$)/.test(findoriHash))
    throw new ConfigError('FINDORI_ADMIN_PASSWORD_HASH must be an argon2id ($argon2id$…) or scrypt (scrypt$…) hash')
  if (findoriHash && env.FINDORI_ADMIN_PASSWORD) throw new ConfigError('set FINDORI_ADMIN_PASSWORD_HASH or FINDORI_ADMIN_PASSWORD, not both')
  for (const [key, name] of Object.entries(SECRET_VARS) as [keyof Config['secrets'], string][]) {
    if (key === 'findoriAdminPassword' && findoriHash) {
      secrets[key] = ''
      continue
    }
    // Production keeps no plain admin password in its environment: only the KDF hash.
    if (key === 'findoriAdminPassword' && nodeEnv === 'production') {
      const how = "make one with: printf %s '<password>' | npm run -s findori:hash-password"
      throw new ConfigError(
        env[name]
          ? `${name} (a plain password) is refused when NODE_ENV=production; set FINDORI_ADMIN_PASSWORD_HASH instead (${how})`
          : `FINDORI_ADMIN_PASSWORD_HASH is required when NODE_ENV=production (${how})`,
      )
    }
    const value = env[name]
    if (value) {
      if (value.length < 16) throw new ConfigError(`${name} must be at least 16 characters`)
      secrets[key] = value
    } else if (nodeEnv === 'production') {
      throw new ConfigError(`${name} is required when NODE_ENV=production (generate one with: openssl rand -hex 32)`)
    } else {
      secrets[key] = randomToken()
      generated.push(name)
    }
  }
  const config: Config = {
    env: nodeEnv,
    port: int(env, 'PORT', 8000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || `sqlite:${resolve('data', 'app.sqlite')}`,
    mode: oneOf(env, 'SERVE_MODE', ['real', 'mock'] as const, 'real'),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1),
    responseValidation: oneOf(env, 'RESPONSE_VALIDATION', ['enforce', 'log', 'off'] as const, 'enforce'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info'),
    corsOrigins: (env.CORS_ORIGINS ?? (nodeEnv === 'production' ? '' : '*'))
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    secrets,
    operator: operatorConfig(env, nodeEnv),
    orchestratorRateLimit: {
      authenticatedPerMin: int(env, 'ORCH_RATE_LIMIT_AUTH_PER_MIN', 100, 1),
      unauthenticatedPerMin: int(env, 'ORCH_RATE_LIMIT_UNAUTH_PER_MIN', 10, 1),
      emergencyPer10Min: int(env, 'ORCH_RATE_LIMIT_EMERGENCY_PER_10MIN', 5, 1),
      wsMessagesPerSec: int(env, 'ORCH_RATE_LIMIT_WS_MSG_PER_SEC', 10, 1),
    },
    orchestrator: {
      heartbeatIntervalMs: int(env, 'ORCH_HEARTBEAT_INTERVAL_MS', 10_000, 10),
      heartbeatTimeoutMs: int(env, 'ORCH_HEARTBEAT_TIMEOUT_MS', 30_000, 20),
      pingIntervalMs: int(env, 'ORCH_PING_INTERVAL_MS', 30_000, 10),
      pingTimeoutMs: int(env, 'ORCH_PING_TIMEOUT_MS', 10_000, 10),
      executeTimeoutMs: int(env, 'ORCH_EXECUTE_TIMEOUT_MS', 10_000, 10),
      queueLimit: int(env, 'ORCH_QUEUE_LIMIT', 10, 1, 10_000),
      confirmCodeTtlSec: int(env, 'ORCH_CONFIRM_CODE_TTL_SEC', 300, 1, 86_400),
      resetHoldMs: int(env, 'ORCH_RESET_HOLD_MS', 3_000, 0),
      processLeaseMs: int(env, 'ORCH_PROCESS_LEASE_MS', 10_000, 300),
    },
    findori: {
      adminPasswordHash: findoriHash,
      sessionIdleMin: int(env, 'FINDORI_SESSION_IDLE_MIN', 120, 1, 10_080),
      adminOrigins: (env.FINDORI_ADMIN_ORIGINS ?? `http://localhost:${env.PORT || 8000},http://127.0.0.1:${env.PORT || 8000}`)
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      schedule: (env.FINDORI_SCHEDULE ?? '').trim(),
      fetchAllowPrivate: oneOf(env, 'FINDORI_FETCH_ALLOW_PRIVATE', ['0', '1'] as const, '0') === '1',
      fetchTimeoutMs: int(env, 'FINDORI_FETCH_TIMEOUT_MS', 10_000, 1, 300_000),
      fetchMaxBytes: int(env, 'FINDORI_FETCH_MAX_BYTES', 5 * 1024 * 1024, 1024),
      fetchMaxRedirects: int(env, 'FINDORI_FETCH_MAX_REDIRECTS', 3, 0, 10),
    },
    hitl: hitlSettings(env),
    sajuRateLimitPerMin: env.SAJU_RATE_LIMIT_PER_MIN ? int(env, 'SAJU_RATE_LIMIT_PER_MIN', 60, 1) : null,
    saju: {
      ssvKeysUrl: env.SAJU_SSV_KEYS_URL || 'https://www.gstatic.com/admob/reward/verifier-keys.json',
      rewardCooldownSec: int(env, 'SAJU_REWARD_COOLDOWN_SEC', 300, 0, 86_400),
      rewardDailyCap: int(env, 'SAJU_REWARD_DAILY_CAP', 5, 0, 1000),
      llm: {
        baseUrl: env.SAJU_LLM_BASE_URL || null,
        apiKey: env.SAJU_LLM_API_KEY || null,
        model: env.SAJU_LLM_MODEL || 'gpt-4o-mini',
        timeoutMs: int(env, 'SAJU_LLM_TIMEOUT_MS', 15_000, 100, 600_000),
      },
    },
    idempotencyTtlSec: int(env, 'IDEMPOTENCY_TTL_SEC', 86_400, 1),
    idempotencyInFlightLeaseSec: int(env, 'IDEMPOTENCY_IN_FLIGHT_LEASE_SEC', 60, 1, 86_400),
    seedExamples: oneOf(env, 'SEED_EXAMPLES', ['true', 'false'] as const, nodeEnv === 'development' ? 'true' : 'false') === 'true',
    // ---- scale-out (issue 14): PostgreSQL means several processes may share the database ----
    rateLimitStore: oneOf(env, 'RATE_LIMIT_STORE', ['memory', 'database'] as const, /^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '') ? 'database' : 'memory'),
    sajuPdfLeaseSec: int(env, 'SAJU_PDF_LEASE_SEC', 60, 2, 3600),
    trustProxy: trustProxy(env),
    // ---- end scale-out ----
    generatedSecrets: generated,
  }
  if (!/^(sqlite:|postgres(ql)?:\/\/|:memory:$)/.test(config.databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with sqlite:, postgres:// or be :memory:, got "${config.databaseUrl}"`)
  }
  return Object.freeze(config)
}
