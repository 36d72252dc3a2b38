/**
 * The pipeline lock's heartbeat: a run that outlives the lock's TTL keeps refreshing it, so only
 * a dead process's lock ever expires; the lock is released at the end.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { Pipeline, LOCK_TTL_MS } from '../../src/services/findori/pipeline/pipeline.js'
import { articleMarketData } from '../../src/services/findori/pipeline/market-data.js'
import { startFindori, type Running } from './harness.js'

let f: Running
beforeAll(async () => (f = await startFindori()))
afterAll(() => f.stop())

it('refreshes the lock while a long run is alive and releases it at the end', async () => {
  let finishFetch: (xml: string) => void = () => {}
  const fetcher = { fetch: () => new Promise<string>((r) => (finishFetch = r)) }
  const { db, logger } = f.server.deps
  const pipeline = new Pipeline({ db, clock: f.clock, logger, fetcher, market: articleMarketData })
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  try {
    const id = await pipeline.start('manual')
    expect(id).not.toBeNull()
    const lock = () => db.selectFrom('findori_locks').selectAll().executeTakeFirstOrThrow()
    const first = (await lock()).expires_at
    f.clock.advance(LOCK_TTL_MS / 2)
    vi.advanceTimersByTime(LOCK_TTL_MS / 3 + 1)
    await vi.waitFor(async () => expect((await lock()).expires_at > first).toBe(true))
    expect(new Date((await lock()).expires_at).getTime()).toBe(f.clock.now().getTime() + LOCK_TTL_MS)
    finishFetch('<rss version="2.0"><channel><title>t</title></channel></rss>')
    await pipeline.idle()
    expect(await db.selectFrom('findori_locks').selectAll().execute()).toEqual([])
  } finally {
    vi.useRealTimers()
  }
})
