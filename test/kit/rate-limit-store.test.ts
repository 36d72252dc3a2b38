/**
 * Both rate-limit stores give the same answers: counts, remaining, reset aligned to the window,
 * Retry-After, a new window, clearing by key. The database store also counts exactly when
 * several connections (stand-ins for processes) hit one key at once. On PostgreSQL (with
 * TEST_DATABASE_URL) the migrations also run once when several processes migrate together.
 */
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { connect, type Db } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { kitMigrations } from '../../src/db/migrations/index.js'
import { DatabaseRateLimiter, MemoryRateLimiter, type RateLimiter } from '../../src/kit/rate-limit.js'
import { freshDatabaseUrl } from '../support/database.js'
import { inProcessFetch, testServer, TEST_SECRETS } from '../support/server.js'
import { createClient } from '../../generated/orchestrator/sdk/client/index.js'
import { listNodes } from '../../generated/orchestrator/sdk/index.js'

const opened: Db[] = []
const files: string[] = []
afterAll(async () => {
  for (const d of opened) await d.close()
  for (const f of files) rmSync(f, { force: true })
})

/** A database two connections can share: a fresh PostgreSQL database, or a SQLite file. */
async function sharedUrl(): Promise<string> {
  const url = await freshDatabaseUrl()
  if (url !== ':memory:') return url
  const file = join(tmpdir(), `rate-limit-${randomUUID()}.sqlite`)
  files.push(file, `${file}-wal`, `${file}-shm`)
  return `sqlite:${file}`
}

async function open(url: string): Promise<Db> {
  const d = await connect(url)
  opened.push(d)
  await migrateToLatest(d.db)
  return d
}

const rule = { key: 'auth:alice', limit: 3, windowSec: 60 }
const T0 = Date.parse('2026-12-02T03:00:10Z')

const stores: [string, (now: () => number) => Promise<RateLimiter>][] = [
  ['memory', async (now) => new MemoryRateLimiter(now)],
  ['database', async (now) => new DatabaseRateLimiter((await open(await sharedUrl())).db, now)],
]

describe.each(stores)('the %s rate-limit store', (_name, make) => {
  it('counts a fixed window aligned to the clock, then refuses with Retry-After', async () => {
    let now = T0
    const limiter = await make(() => now)
    const states = []
    for (let i = 0; i < 4; i++) states.push(await limiter.hit(rule))
    expect(states.map((s) => [s.allowed, s.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ])
    expect(states[0].resetEpochSec).toBe(Date.parse('2026-12-02T03:01:00Z') / 1000)
    expect(states[3].retryAfterSec).toBe(50)
    now = Date.parse('2026-12-02T03:01:00Z') // the next window starts afresh
    expect(await limiter.hit(rule)).toMatchObject({ allowed: true, remaining: 2, resetEpochSec: Date.parse('2026-12-02T03:02:00Z') / 1000 })
  })

  it('keeps keys apart and clears only the keys that match', async () => {
    const limiter = await make(() => T0)
    await limiter.hit(rule)
    await limiter.hit({ ...rule, key: 'anon:10.0.0.1' })
    await limiter.clear((key) => key.startsWith('auth:'))
    expect((await limiter.hit(rule)).remaining).toBe(2)
    expect((await limiter.hit({ ...rule, key: 'anon:10.0.0.1' })).remaining).toBe(1)
  })
})

describe('the memory store', () => {
  it('answers synchronously (the hot path stays free of promises)', () => {
    const state = new MemoryRateLimiter(() => T0).hit(rule)
    expect(typeof (state as unknown as Promise<unknown>).then).toBe('undefined')
  })
})

describe('the database store on several connections', () => {
  it('gives every concurrent hit its own count: no lost update, exact remaining', async () => {
    const url = await sharedUrl()
    const a = new DatabaseRateLimiter((await open(url)).db, () => T0)
    const b = new DatabaseRateLimiter((await open(url)).db, () => T0)
    const limit = { key: 'auth:shared', limit: 30, windowSec: 60 }
    const states = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).hit(limit)))
    const remaining = states.map((s) => s.remaining).sort((x, y) => y - x)
    expect(remaining.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i))
    expect(states.filter((s) => s.allowed)).toHaveLength(30)
    expect(states.filter((s) => !s.allowed)).toHaveLength(10)
  })

  it('sweeps windows that ended', async () => {
    const d = await open(await sharedUrl())
    let now = T0
    const limiter = new DatabaseRateLimiter(d.db, () => now)
    await limiter.hit(rule)
    now = T0 + 3_600_000
    await limiter.hit({ ...rule, key: 'other' })
    await new Promise((r) => setTimeout(r, 50)) // the sweep runs beside the hit
    const keys = (await d.db.selectFrom('rate_limit_windows').select('key').execute()).map((r) => r.key)
    expect(keys).toEqual(['other'])
  })
})

describe.skipIf(!process.env.TEST_DATABASE_URL)('migrations started by several processes at once', () => {
  it('run once: every process succeeds and each migration is recorded once', async () => {
    const url = await freshDatabaseUrl()
    const dbs = await Promise.all(Array.from({ length: 4 }, () => connect(url)))
    opened.push(...dbs)
    const applied = await Promise.all(dbs.map((d) => migrateToLatest(d.db)))
    expect(applied.flat().sort()).toEqual(Object.keys(kitMigrations).sort())
    const rows = await dbs[0].db.selectFrom('kysely_migration').select('name').execute()
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(kitMigrations).sort())
  })
})

describe('RATE_LIMIT_STORE=database through the API', () => {
  it('puts the same exact headers on responses and refuses past the limit', async () => {
    const server = await testServer({ SERVE_MODE: 'mock', RATE_LIMIT_STORE: 'database', ORCH_RATE_LIMIT_AUTH_PER_MIN: '2' })
    try {
      const client = createClient({ baseUrl: 'http://test', fetch: inProcessFetch(server) })
      const auth = { Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` }
      const seen = []
      for (let i = 0; i < 3; i++) {
        const { response } = await listNodes({ client, headers: auth })
        seen.push([response.status, response.headers.get('x-ratelimit-remaining')])
      }
      expect(seen).toEqual([
        [200, '1'],
        [200, '0'],
        [429, '0'],
      ])
      expect(await server.deps.db.selectFrom('rate_limit_windows').select('count').execute()).toEqual([{ count: 3 }])
    } finally {
      await server.stop()
    }
  })
})
