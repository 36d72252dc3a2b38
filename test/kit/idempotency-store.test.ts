/**
 * The database idempotency store: a key's first request claims it, the same request while it
 * runs is a conflict, a finished one replays, a different body is a mismatch, and a claim left
 * behind by a process that died is taken over after the lease by exactly one retry.
 * Runs on PostgreSQL too (with TEST_DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Db } from '../../src/db/connect.js'
import { databaseIdempotencyStore } from '../../src/db/idempotency-store.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import type { IdempotencyStore } from '../../src/kit/idempotency.js'
import { freshDatabaseUrl } from '../support/database.js'

let d: Db
let store: IdempotencyStore
const t0 = new Date('2026-12-02T04:00:00.000Z')
const at = (sec: number) => new Date(t0.getTime() + sec * 1000)
const TTL = 86_400

beforeAll(async () => {
  d = await connect(await freshDatabaseUrl())
  await migrateToLatest(d.db)
  store = databaseIdempotencyStore(d.db, { inFlightLeaseSec: 60 })
})
afterAll(() => d.close())

describe('database idempotency store', () => {
  it('claims, refuses the same request while it runs, then replays its answer', async () => {
    expect(await store.begin('s', 'k1', 'fp', at(0), TTL)).toEqual({ kind: 'new' })
    expect(await store.begin('s', 'k1', 'fp', at(1), TTL)).toEqual({ kind: 'conflict', reason: 'in_flight' })
    expect(await store.begin('s', 'k1', 'other', at(1), TTL)).toEqual({ kind: 'conflict', reason: 'fingerprint' })
    await store.complete('s', 'k1', 201, { id: 1 }, { Location: '/x/1' })
    expect(await store.begin('s', 'k1', 'fp', at(120), TTL)).toEqual({ kind: 'replay', status: 201, body: { id: 1 }, headers: { Location: '/x/1' } })
  })

  it('keeps refusing within the lease, and lets one retry take over an abandoned claim after it', async () => {
    expect(await store.begin('s', 'k2', 'fp', at(0), TTL)).toEqual({ kind: 'new' })
    expect(await store.begin('s', 'k2', 'fp', at(59), TTL)).toEqual({ kind: 'conflict', reason: 'in_flight' })
    // Three retries at once after the lease: exactly one runs, the others see it in flight.
    const racing = await Promise.all([1, 2, 3].map(() => store.begin('s', 'k2', 'fp', at(61), TTL)))
    expect(racing.filter((r) => r.kind === 'new')).toHaveLength(1)
    expect(racing.filter((r) => r.kind === 'conflict')).toHaveLength(2)
    // The new claim has its own lease.
    expect(await store.begin('s', 'k2', 'fp', at(100), TTL)).toEqual({ kind: 'conflict', reason: 'in_flight' })
  })

  it('never lets a different body take over an abandoned claim', async () => {
    expect(await store.begin('s', 'k3', 'fp', at(0), TTL)).toEqual({ kind: 'new' })
    expect(await store.begin('s', 'k3', 'other', at(600), TTL)).toEqual({ kind: 'conflict', reason: 'fingerprint' })
  })
})
