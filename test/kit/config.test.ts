/**
 * Configuration fails fast with the variable's name, and production never runs on made-up secrets.
 */
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import { TEST_SECRETS } from '../support/server.js'

// Production takes findori's admin password only as a KDF hash (here RFC 7914's scrypt test vector), never plain.
const { FINDORI_ADMIN_PASSWORD: _plain, ...OTHER_SECRETS } = TEST_SECRETS
const PRODUCTION_SECRETS = {
  ...OTHER_SECRETS,
  FINDORI_ADMIN_PASSWORD_HASH: 'scrypt$1024$8$16$TmFDbA$_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG_xCSedmDDaxyevuUqD7m2DYMvfoswGQA',
}

describe('loadConfig', () => {
  it('defaults: port 8000, SQLite under data/, enforce response validation', () => {
    const c = loadConfig({})
    expect(c.port).toBe(8000)
    expect(c.databaseUrl).toMatch(/^sqlite:.*data\/app\.sqlite$/)
    expect(c.responseValidation).toBe('enforce')
    expect(c.orchestratorRateLimit).toEqual({ authenticatedPerMin: 100, unauthenticatedPerMin: 10, emergencyPer10Min: 5, wsMessagesPerSec: 10 })
  })
  it('generates missing secrets in development and says which', () => {
    const c = loadConfig({ NODE_ENV: 'development' })
    expect(c.generatedSecrets).toContain('ORCH_ADMIN_TOKEN')
    expect(c.secrets.orchAdminToken).toMatch(/^[0-9a-f]{64}$/)
  })
  it('refuses to start in production without a secret, naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ORCH_ADMIN_TOKEN is required/)
    expect(() => loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS })).not.toThrow()
  })
  it('refuses a plain FINDORI_ADMIN_PASSWORD in production, naming the hash variable and the command that makes one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...TEST_SECRETS })).toThrow(
      /^FINDORI_ADMIN_PASSWORD \(a plain password\) is refused when NODE_ENV=production; set FINDORI_ADMIN_PASSWORD_HASH instead \(make one with: .*npm run -s findori:hash-password\)$/,
    )
    expect(() => loadConfig({ NODE_ENV: 'production', ...OTHER_SECRETS })).toThrow(/^FINDORI_ADMIN_PASSWORD_HASH is required when NODE_ENV=production/)
    const dev = loadConfig({ NODE_ENV: 'development', FINDORI_ADMIN_PASSWORD: 'a-plain-dev-password' })
    expect([dev.findori.adminPasswordHash, dev.secrets.findoriAdminPassword]).toEqual(['', 'a-plain-dev-password'])
  })
  it('refuses malformed values with the variable name', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between/)
    expect(() => loadConfig({ RESPONSE_VALIDATION: 'sometimes' })).toThrow(/RESPONSE_VALIDATION must be one of/)
    expect(() => loadConfig({ ORCH_ADMIN_TOKEN: 'short' })).toThrow(/at least 16/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
  })
  it('is frozen', () => expect(Object.isFrozen(loadConfig({}))).toBe(true))
})
