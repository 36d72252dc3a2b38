/**
 * The admin password as an operator sets it up: the documented command prints an argon2id hash
 * that verifies the password it was given, and a production start with a plain
 * FINDORI_ADMIN_PASSWORD stops at once with one line naming the hash variable and that command.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/paths.js'
import { verifyPassword } from '../../src/services/findori/password.js'
import { TEST_SECRETS } from '../support/server.js'

const run = (args: string[], input: string, env: Record<string, string> = {}) =>
  spawnSync(args[0], args.slice(1), { cwd: projectRoot, input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 })

// Each case starts node (and npm) afresh: slow on a loaded machine, so a generous limit.
describe('admin password setup', { timeout: 120_000 }, () => {
  it('`npm run -s findori:hash-password` hashes the password read from stdin (one trailing newline dropped)', async () => {
    const out = run(['npm', 'run', '-s', 'findori:hash-password'], '관리자 비밀번호 123\n')
    expect(out.status).toBe(0)
    const hash = out.stdout.trim()
    expect(hash).toMatch(/^\$argon2id\$v=19\$\S+$/)
    expect(await verifyPassword(hash, '관리자 비밀번호 123')).toBe(true)
    expect(await verifyPassword(hash, '관리자 비밀번호 123\n')).toBe(false)
    const empty = run(['npm', 'run', '-s', 'findori:hash-password'], '')
    expect([empty.status, empty.stderr.trim()]).toEqual([2, "usage: printf %s '<password>' | npm run -s findori:hash-password"])
  })

  it('a production start with a plain password exits 2 with one line naming FINDORI_ADMIN_PASSWORD_HASH', () => {
    const out = run([process.execPath, '--import', 'tsx', 'src/main.ts'], '', {
      ...TEST_SECRETS,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: ':memory:',
      FINDORI_ADMIN_PASSWORD_HASH: '',
    })
    expect(out.status).toBe(2)
    expect(out.stderr.trim().split('\n')).toEqual([
      "configuration error: FINDORI_ADMIN_PASSWORD (a plain password) is refused when NODE_ENV=production; set FINDORI_ADMIN_PASSWORD_HASH instead (make one with: printf %s '<password>' | npm run -s findori:hash-password)",
    ])
  })
})
