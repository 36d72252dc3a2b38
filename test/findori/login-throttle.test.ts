/**
 * The login throttle's windows with hand-worked times (5 per client, 20 per account, 15 minutes),
 * on the database it keeps its counts in; then over HTTP with two server processes on one
 * database: failures against either count for both, with the same 429 and Retry-After.
 */
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/findori/sdk/index.js'
import { LoginThrottle } from '../../src/services/findori/login-throttle.js'
import { freshDatabaseUrl } from '../support/database.js'
import { PASSWORD, startFindori, TestClock, type Running } from './harness.js'

const at = (ms: number) => new Date(Date.UTC(2026, 2, 1) + ms)

describe('throttle windows', () => {
  let f: Running
  let t: LoginThrottle
  const rows = () => f.server.deps.db.selectFrom('findori_login_failures').selectAll().execute()
  beforeAll(async () => (f = await startFindori({ SEED_EXAMPLES: 'false' })))
  afterAll(() => f.stop())
  beforeEach(async () => {
    await f.server.deps.db.deleteFrom('findori_login_failures').execute()
    t = new LoginThrottle(f.server.deps.db)
  })

  it('locks a client after 5 failures in 15 minutes for the rest of the window', async () => {
    for (let i = 0; i < 4; i++) await t.failed('a', at(i * 1000))
    expect(await t.retryAfterSec('a', at(5000))).toBe(0)
    await t.failed('a', at(5000))
    // Locked until the oldest of the five leaves the window: 0 s + 15 min, i.e. 895 s from 5 s.
    expect(await t.retryAfterSec('a', at(5000))).toBe(895)
    expect(await t.retryAfterSec('b', at(5000))).toBe(0)
    expect(await t.retryAfterSec('a', at(899_999))).toBe(1)
    expect(await t.retryAfterSec('a', at(900_001))).toBe(0)
  })

  it('locks every client after 20 failures against the account from many addresses', async () => {
    for (let i = 0; i < 20; i++) await t.failed(`10.0.0.${i}`, at(1000))
    expect(await t.retryAfterSec('10.9.9.9', at(2000))).toBe(899)
    expect(await t.retryAfterSec('10.9.9.9', at(901_000))).toBe(0)
  })

  it('slides: the sixth failure keeps the client locked until the second one leaves the window', async () => {
    for (let i = 0; i < 6; i++) await t.failed('a', at(i * 60_000))
    expect(await t.retryAfterSec('a', at(901_000))).toBe(59) // the failure at 1 min leaves at 16 min
  })

  it('clears a client’s failures at a right password, not the account’s', async () => {
    for (let i = 0; i < 4; i++) await t.failed('a', at(i))
    for (let i = 0; i < 16; i++) await t.failed('b', at(i))
    await t.succeeded('a')
    expect(await t.retryAfterSec('a', at(100))).toBe(0)
    expect((await rows()).map((r) => r.client)).toEqual(Array(16).fill('b'))
  })

  it('deletes failures older than the window as new ones come', async () => {
    await t.failed('a', at(0))
    await t.failed('b', at(1000))
    await t.failed('c', at(900_000))
    expect((await rows()).map((r) => r.client).sort()).toEqual(['b', 'c'])
  })
})

describe('across server processes', () => {
  let a: Running
  let b: Running
  let sqliteFile: string | null = null
  const clock = new TestClock()

  beforeAll(async () => {
    let url = await freshDatabaseUrl()
    if (url === ':memory:') {
      sqliteFile = join(tmpdir(), `findori-throttle-${process.pid}-${Date.now()}.db`)
      url = `sqlite:${sqliteFile}`
    }
    // One after the other: the first migrates the shared database, the second finds it current.
    a = await startFindori({ DATABASE_URL: url, SEED_EXAMPLES: 'false' }, clock)
    b = await startFindori({ DATABASE_URL: url, SEED_EXAMPLES: 'false' }, clock)
  })
  afterAll(async () => {
    await a?.stop()
    await b?.stop()
    if (sqliteFile) for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqliteFile}${suffix}`, { force: true })
  })

  it('counts wrong passwords sent to either process, and both refuse the client with the same Retry-After', async () => {
    const wrong = (f: Running) => sdk.adminLogin({ client: f.client, body: { password: 'wrong' } })
    for (const f of [a, b, a, b]) expect((await wrong(f)).response.status).toBe(401)
    expect((await b.server.deps.db.selectFrom('findori_login_failures').selectAll().execute()).length).toBe(4)
    expect((await wrong(a)).response.status).toBe(401)
    for (const f of [a, b]) {
      const locked = await sdk.adminLogin({ client: f.client, body: { password: PASSWORD } })
      expect(locked.response.status).toBe(429)
      expect(locked.error).toMatchObject({ error: 'too_many_attempts' })
      expect(locked.response.headers.get('retry-after')).toBe('900')
    }
    clock.advance(15 * 60_000)
    expect((await sdk.adminLogin({ client: b.client, body: { password: PASSWORD } })).response.status).toBe(200)
    expect(await a.server.deps.db.selectFrom('findori_login_failures').selectAll().execute()).toEqual([])
  })
})
