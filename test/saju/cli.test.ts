// The saju command line as a user runs it: --help prints usage (exit 0), a missing --gender is a
// usage error (exit 2, no stack trace) like --batch, and `user create --plan` prints one JSON line
// whose token the server accepts (stored hashed in the same database).
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { getEntitlements } from '../../generated/saju/sdk/index.js'
import { startSaju, rid } from './harness.js'
import { TEST_SECRETS } from '../support/server.js'

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/services/saju/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test', ...env } })

describe('saju CLI', () => {
  it('--help prints usage and exits 0', () => {
    const r = cli(['--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('user create --plan free|plus|premium')
  })

  it('refuses a missing --gender with usage and exit 2, never a stack trace', () => {
    const r = cli(['--birth', '1990-05-15T14:30'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--gender male|female is required')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('user create prints {user_id, token}; the server accepts the token for that user and plan', async () => {
    const db = join(tmpdir(), `saju-cli-${randomUUID()}.db`)
    try {
      const r = cli(['user', 'create', '--plan', 'premium'], { DATABASE_URL: `sqlite:${db}`, SAJU_JWT_SECRET: TEST_SECRETS.SAJU_JWT_SECRET })
      expect(r.status, r.stderr).toBe(0)
      const lines = r.stdout.trim().split('\n')
      expect(lines).toHaveLength(1)
      const out = JSON.parse(lines[0])
      expect(Object.keys(out).sort()).toEqual(['token', 'user_id'])
      const rig = await startSaju({}, Date.now(), `sqlite:${db}`)
      try {
        const { data, response } = await getEntitlements({ client: rig.client(out.token), headers: { 'X-Request-Id': rid() } })
        expect(response.status).toBe(200)
        expect(data!.plan).toBe('premium')
      } finally {
        await rig.stop()
      }
    } finally {
      rmSync(db, { force: true })
    }
  })
})
