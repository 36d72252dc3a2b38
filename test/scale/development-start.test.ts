/**
 * Two processes started together in development seed the examples' resources and demo data and
 * mint development credentials at start (saju's demo user among them): on one PostgreSQL database
 * they take turns (an advisory lock), so both serve and nothing is inserted twice.
 * Needs TEST_DATABASE_URL (`make test-postgres`); skipped without it.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { type Cluster, startCluster } from './cluster.js'

const pg = !!process.env.TEST_DATABASE_URL?.startsWith('postgres')
let cluster: Cluster | undefined

describe.skipIf(!pg)('two processes starting together in development', { timeout: 240_000 }, () => {
  afterAll(() => cluster?.stop(), 60_000)

  it('both seed and serve; the seeded rows exist once', async () => {
    cluster = await startCluster(['A', 'B'], { NODE_ENV: 'development', SEED_EXAMPLES: 'true' })
    for (const p of cluster.procs) {
      const health = await fetch(`${p.base}/health`)
      expect(health.status, p.lines.join('\n')).toBeLessThan(500)
      expect(p.lines.join('\n')).toMatch(/development credentials/)
    }
    const users = await cluster.db.selectFrom('saju_users').select('id').where('id', '=', 'u_8f3a2c').execute()
    expect(users).toHaveLength(1)
  })
})
