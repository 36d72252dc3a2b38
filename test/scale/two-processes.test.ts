/**
 * Two real server processes on one PostgreSQL database behave as one: an idempotency key
 * replayed across them, one rate-limit budget with exact remaining counts, a concurrent token
 * spend split across both, a findori pipeline triggered on both at once, a hitl approval on B for
 * a thread started on A, PDF jobs rendered exactly once, and a process killed mid-work with
 * nothing lost. Needs TEST_DATABASE_URL (`make test-postgres`); skipped without it.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createClient as findoriClient } from '../../generated/findori/sdk/client/index.js'
import * as findori from '../../generated/findori/sdk/index.js'
import { createClient as hitlClient } from '../../generated/hitl/sdk/client/index.js'
import * as hitl from '../../generated/hitl/sdk/index.js'
import { createClient as operatorClient } from '../../generated/operator/sdk/client/index.js'
import * as operator from '../../generated/operator/sdk/index.js'
import { createClient as orchClient } from '../../generated/orchestrator/sdk/client/index.js'
import { listNodes } from '../../generated/orchestrator/sdk/index.js'
import { createClient as sajuClient } from '../../generated/saju/sdk/client/index.js'
import { consumeTokens, createPdfJob, createSajuReport, getPdfJob } from '../../generated/saju/sdk/index.js'
import { examples as sajuExamples } from '../../generated/saju/examples.gen.js'
import { operator as operatorService } from '../../src/services/operator/index.js'
import { startFixtureHost } from '../findori/rss-fixtures.js'
import { createUser, findUser, ledgerBalance, ledgerEntries } from '../../src/services/saju/repo.js'
import { issueApiToken } from '../../src/services/saju/security.js'
import { TEST_SECRETS } from '../support/server.js'
import { type Cluster, startCluster } from './cluster.js'

const pg = !!process.env.TEST_DATABASE_URL?.startsWith('postgres')
let cluster: Cluster
const A = () => cluster.procs[0]
const B = () => cluster.procs[1]

let n = 0
const rid = () => `req-scale-${Date.now().toString(36)}-${(++n).toString().padStart(5, '0')}`

async function sajuUser(plan: 'free' | 'plus', welcome: number) {
  const id = `u_scale_${randomUUID().slice(0, 8)}`
  await createUser(cluster.db, id, plan, welcome, new Date())
  const { token } = await issueApiToken(cluster.db, TEST_SECRETS.SAJU_JWT_SECRET, id, new Date())
  const on = (base: string) => sajuClient({ baseUrl: base, headers: { Authorization: `Bearer ${token}` } })
  return { id, token, on }
}

// Generous time limits: the processes share two cores with everything else the suite runs.
describe.skipIf(!pg)('two server processes on one PostgreSQL database', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    cluster = await startCluster(['A', 'B'], {
      ORCH_RATE_LIMIT_AUTH_PER_MIN: '9',
      SAJU_RATE_LIMIT_PER_MIN: '100000',
      SAJU_PDF_LEASE_SEC: '10',
      FINDORI_FETCH_ALLOW_PRIVATE: '1',
      FINDORI_FETCH_TIMEOUT_MS: '30000',
    })
  }, 180_000)
  afterAll(() => cluster?.stop(), 60_000)
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(cluster?.dump(ctx.task.name))
  })

  it('migrated once although both processes started together', async () => {
    const rows = await cluster.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute()
    const names = rows.map((r) => (r as { name: string }).name)
    expect(names.length).toBeGreaterThan(5)
    expect(new Set(names).size).toBe(names.length)
    for (const p of cluster.procs) expect(p.lines.join('\n')).not.toMatch(/migration failed/)
  })

  it('replays an idempotency key on B with the answer A gave, spending once', async () => {
    const u = await sajuUser('free', 5)
    const key = `idem-scale-${randomUUID()}`
    const body = { amount: 2, feature: 'luck_detail' as const }
    const first = await consumeTokens({ client: u.on(A().base), headers: { 'X-Request-Id': rid(), 'Idempotency-Key': key }, body })
    expect(first.response.status).toBe(200)
    const again = await consumeTokens({ client: u.on(B().base), headers: { 'X-Request-Id': rid(), 'Idempotency-Key': key }, body })
    expect(again.response.status).toBe(200)
    expect(again.response.headers.get('idempotency-replayed')).toBe('true')
    expect(again.data).toEqual(first.data)
    const other = await consumeTokens({ client: u.on(B().base), headers: { 'X-Request-Id': rid(), 'Idempotency-Key': key }, body: { ...body, amount: 1 } })
    expect(other.response.status).toBe(422) // the same key with another body, seen by the other process
    expect((await findUser(cluster.db, u.id))!.deep_tokens).toBe(3)
    expect(await ledgerBalance(cluster.db, u.id)).toBe(3)
  })

  it('counts one rate-limit budget across both processes, with exact X-RateLimit-Remaining', async () => {
    // Windows are aligned to the minute: start early in one so all the requests share it.
    const into = (Date.now() / 1000) % 60
    if (into > 40) await new Promise((r) => setTimeout(r, (61 - into) * 1000))
    const headers = { Authorization: `Bearer ${TEST_SECRETS.ORCH_ADMIN_TOKEN}` }
    const call = (base: string) => listNodes({ client: orchClient({ baseUrl: base }), headers })
    const seen: [number, string | null, string | null][] = []
    for (const base of [A().base, B().base, A().base, B().base]) {
      const { response } = await call(base)
      seen.push([response.status, response.headers.get('x-ratelimit-remaining'), response.headers.get('x-ratelimit-reset')])
    }
    expect(seen.map(([s, r]) => [s, r])).toEqual([
      [200, '8'],
      [200, '7'],
      [200, '6'],
      [200, '5'],
    ])
    // Eight at once, split across both: five are let through (4, 3, 2, 1, 0 remaining), three refused.
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => call(i % 2 ? B().base : A().base)))
    for (const { response } of burst) seen.push([response.status, response.headers.get('x-ratelimit-remaining'), response.headers.get('x-ratelimit-reset')])
    const statuses = burst.map((r) => r.response.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(3)
    expect(
      burst
        .filter((r) => r.response.status === 200)
        .map((r) => r.response.headers.get('x-ratelimit-remaining'))
        .sort(),
    ).toEqual(['0', '1', '2', '3', '4'])
    for (const r of burst.filter((r) => r.response.status === 429)) expect(Number(r.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(new Set(seen.map(([, , reset]) => reset)).size).toBe(1) // one window, the same reset on both
  })

  it('never lets a concurrent token spend split across both processes take the balance below zero', async () => {
    const u = await sajuUser('free', 20)
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        consumeTokens({ client: u.on(i % 2 ? B().base : A().base), headers: { 'X-Request-Id': rid() }, body: { amount: 1, feature: 'luck_detail' } }),
      ),
    )
    const statuses = results.map((r) => r.response.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(20)
    expect(statuses.filter((s) => s === 409)).toHaveLength(20)
    expect((await findUser(cluster.db, u.id))!.deep_tokens).toBe(0)
    expect(await ledgerBalance(cluster.db, u.id)).toBe(0)
    expect(await ledgerEntries(cluster.db, u.id)).toHaveLength(21) // the welcome grant and 20 spends
  })

  it('keeps a findori admin session from A on B, and runs one pipeline when both are triggered at once', async () => {
    const host = await startFixtureHost()
    try {
      const login = await findori.adminLogin({ client: findoriClient({ baseUrl: A().base }), body: { password: TEST_SECRETS.FINDORI_ADMIN_PASSWORD } })
      expect(login.response.status).toBe(200)
      const cookie = /^session=([^;]+)/.exec(login.response.headers.get('set-cookie')!)![1]
      const admin = (base: string) => findoriClient({ baseUrl: base, headers: { Cookie: `session=${cookie}` } })
      // The session A issued is valid on B (sessions are rows, not process memory).
      const source = await findori.createSource({ client: admin(B().base), body: { name: '느린매체', rss_url: host.url('/hold') } })
      expect(source.response.status).toBe(201)
      const runs = async () => (await findori.listPipelineLogs({ client: admin(A().base), query: { limit: 50 } })).data!.logs
      const before = (await runs()).length
      // A manual trigger on A (202, runs in the background) and the cron trigger on B (200 when it
      // ran, after the held feed is released) at once: one gets the lock, the other 409.
      const manual = findori.runPipeline({ client: admin(A().base) })
      const viaCron = findori.runCronPipeline({
        client: findoriClient({ baseUrl: B().base }),
        headers: { Authorization: `Bearer ${TEST_SECRETS.CRON_SECRET}` },
      })
      // The winning run waits on the held feed until released: only once both triggers met it.
      // Its fetch may reach the host after a release, so keep releasing until the run is over.
      let releasing = false
      const releaser = async () => {
        releasing = true
        while (releasing) {
          host.release()
          await new Promise((r) => setTimeout(r, 100))
        }
      }
      let released: Promise<void> = Promise.resolve()
      const m = await manual
      let c: Awaited<typeof viaCron>
      if (m.response.status === 202) {
        c = await viaCron // the loser answers at once
        released = releaser()
      } else {
        released = releaser()
        c = await viaCron // the winner (cron runs synchronously) answers when its run is done
      }
      expect([m.response.status, c.response.status].sort()).toSatisfy(
        (st: number[]) => JSON.stringify(st) === '[200,409]' || JSON.stringify(st) === '[202,409]',
      )
      expect((m.response.status === 409 ? m : c).error).toMatchObject({ error: 'pipeline_running' })
      const after = await runs()
      expect(after.length).toBe(before + 1) // one run
      for (let i = 0; i < 400 && (await runs()).some((l) => l.status === 'running'); i++) await new Promise((r) => setTimeout(r, 50))
      releasing = false
      await released
      expect(await cluster.db.selectFrom('findori_locks').selectAll().execute()).toEqual([])
      await findori.updateSource({ client: admin(B().base), path: { id: source.data!.id }, body: { active: false } })
    } finally {
      host.release()
      await host.close()
    }
  })

  it('approves on B a hitl thread started on A (PostgreSQL checkpoints), and executes it once when both approve at once', async () => {
    const client = (base: string) => hitlClient({ baseUrl: base, headers: { Authorization: `Bearer ${TEST_SECRETS.HITL_API_TOKEN}` } })
    const started = await hitl.createApprovalThread({ client: client(A().base), body: { message: 'sell 10 AAPL at 190' } })
    expect(started.response.status).toBe(201)
    expect(started.data).toMatchObject({ status: 'awaiting_approval', current_node: 'approval_trade_node' })
    const id = started.data!.thread_id
    const approved = await hitl.approveDecision({ client: client(B().base), body: { thread_id: id, decision: 'approved' } })
    expect(approved.response.status).toBe(200)
    expect(approved.data).toMatchObject({ success: true, graph_completed: true, no_op: false, result: { status: 'simulated', symbol: 'AAPL', quantity: 10 } })
    const read = await hitl.getThread({ client: client(A().base), path: { thread_id: id } })
    expect(read.data).toMatchObject({ status: 'completed', graph_completed: true })

    const second = await hitl.createApprovalThread({ client: client(B().base), body: { message: 'sell 5 AAPL at 191' } })
    const both = await Promise.all(
      [A().base, B().base].map((base) => hitl.approveDecision({ client: client(base), body: { thread_id: second.data!.thread_id, decision: 'approved' } })),
    )
    expect(both.map((r) => r.response.status)).toEqual([200, 200])
    const fills = await cluster.db.selectFrom('hitl_fills').selectAll().where('thread_id', '=', second.data!.thread_id).execute()
    expect(fills).toHaveLength(1)
  })

  it('records one execution of a plan when submits race on both processes', async () => {
    await operatorService.seed!(cluster.deps())
    const client = (base: string) => operatorClient({ baseUrl: base, auth: () => TEST_SECRETS.OPERATOR_API_TOKEN })
    const draft = (await operator.generateDraft({ client: client(A().base) })).data!.raw_json
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        operator.submitDraft({ client: client(i % 2 ? B().base : A().base), body: { token: TEST_SECRETS.EXPORT_CONFIRM_TOKEN, draft } }),
      ),
    )
    expect(results.map((x) => x.response.status).sort()).toEqual([201, ...Array(7).fill(409)])
    const plan = (draft as { plan_id: string }).plan_id
    const rows = await cluster.db.selectFrom('operator_executions').selectAll().where('plan_id', '=', plan).execute()
    expect(rows).toHaveLength(1)
  })

  const reportBody = () => {
    const { profile_id: _p, ...b } = structuredClone(Object.values(sajuExamples.createSajuReport.request.body as object)[1]) as Record<string, unknown>
    return b as Parameters<typeof createSajuReport>[0]['body']
  }
  const pdfDone = async (client: ReturnType<typeof sajuClient>, jobId: string) => {
    for (let i = 0; i < 600; i++) {
      const r = await getPdfJob({ client, headers: { 'X-Request-Id': rid() }, path: { job_id: jobId } })
      if (r.data?.status === 'done' || r.data?.status === 'failed') return r.data
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error(`PDF job ${jobId} did not finish`)
  }
  const finishedLines = (jobId: string) => cluster.all.flatMap((p) => p.records()).filter((l) => l.job === jobId && String(l.msg).startsWith('saju pdf job'))

  it('renders each PDF job exactly once when jobs are queued on both processes', async () => {
    const u = await sajuUser('plus', 3)
    const report = await createSajuReport({ client: u.on(A().base), headers: { 'X-Request-Id': rid() }, body: reportBody() })
    expect(report.response.status).toBe(200)
    const jobs = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        createPdfJob({ client: u.on(i % 2 ? B().base : A().base), headers: { 'X-Request-Id': rid() }, body: { report_id: report.data!.meta.report_id } }),
      ),
    )
    for (const j of jobs) expect(j.response.status).toBe(201)
    for (const [i, j] of jobs.entries()) {
      const done = await pdfDone(u.on(i % 2 ? A().base : B().base), j.data!.job_id) // read on the other process
      expect(done.status).toBe('done')
      // One answer stored per job (a process that stalled past its lease may have rendered it too,
      // but its answer is refused: finishing is conditional on holding the lease).
      expect(finishedLines(j.data!.job_id).filter((l) => l.msg === 'saju pdf job finished')).toHaveLength(1)
    }
  })

  it('loses nothing when a process is killed (SIGKILL) mid-work: its PDF job is finished by the other, and it restarts', async () => {
    const u = await sajuUser('plus', 3)
    const report = await createSajuReport({ client: u.on(A().base), headers: { 'X-Request-Id': rid() }, body: reportBody() })
    const job = await createPdfJob({ client: u.on(A().base), headers: { 'X-Request-Id': rid() }, body: { report_id: report.data!.meta.report_id } })
    expect(job.response.status).toBe(201)
    const victim = A()
    await cluster.kill(victim) // A had just started rendering it (or was about to)
    const row = await cluster.db.selectFrom('saju_pdf_jobs').select('status').where('id', '=', job.data!.job_id).executeTakeFirstOrThrow()
    const done = await pdfDone(u.on(B().base), job.data!.job_id)
    expect(done.status).toBe('done')
    if (row.status !== 'done') expect(finishedLines(job.data!.job_id).filter((l) => l.msg === 'saju pdf job finished')).toHaveLength(1)
    // A comes back on the same database and serves again; what B stored is there.
    const back = await cluster.start('A')
    expect(back).not.toBe(victim)
    const again = await getPdfJob({ client: u.on(back.base), headers: { 'X-Request-Id': rid() }, path: { job_id: job.data!.job_id } })
    expect(again.data).toMatchObject({ status: 'done' })
  }, 300_000) // a restart loads the whole app again (tsx)
})
