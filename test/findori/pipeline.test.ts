/**
 * The pipeline over HTTP with the generated SDK, from a loopback RSS host through the pipeline,
 * review and publish to the public feed and its OG image; reruns, failing sources, the cron
 * secret and the lock under concurrent triggers and across processes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/findori/sdk/index.js'
import type { Client } from '../../generated/findori/sdk/client/index.js'
import { TEST_SECRETS } from '../support/server.js'
import { TestClock, startFindori, waitFor, type Running } from './harness.js'
import { HANKYUNG, HANKYUNG_LATER, startFixtureHost, type FixtureHost } from './rss-fixtures.js'
import { ihdr } from './png.js'

let host: FixtureHost
let f: Running
let admin: Client
// 16:00 UTC on 2 March is 01:00 KST on 3 March: the feed is named by the KST date.
const clock = new TestClock(new Date('2026-03-02T16:00:00Z'))
const DAY = '2026-03-03'
const cron = { Authorization: `Bearer ${TEST_SECRETS.CRON_SECRET}` }

beforeAll(async () => {
  host = await startFixtureHost()
  f = await startFindori({ SEED_EXAMPLES: 'false', FINDORI_FETCH_ALLOW_PRIVATE: '1', FINDORI_FETCH_TIMEOUT_MS: '1500' }, clock)
  admin = f.admin(await f.login()).client
})
afterAll(async () => {
  await f.stop()
  await host.close()
})

const addSource = async (name: string, path: string) => (await sdk.createSource({ client: admin, body: { name, rss_url: host.url(path) } })).data!
const setActive = (id: string, active: boolean) => sdk.updateSource({ client: admin, path: { id }, body: { active } })
const finished = (id: string) =>
  waitFor(
    () => sdk.getPipelineLog({ client: admin, path: { id } }),
    (r) => r.data?.status !== 'running',
    `job ${id}`,
  )
const draftFeed = async () => (await sdk.getAdminFeed({ client: admin, path: { date: DAY } })).data!

describe('sources', () => {
  it('adds a source active, refuses non-http(s) URLs and duplicates, lists by name, toggles activity', async () => {
    const created = await sdk.createSource({ client: admin, body: { name: '테스트', rss_url: 'https://example.org/rss' } })
    expect(created.response.status).toBe(201)
    expect(created.data).toMatchObject({ name: '테스트', rss_url: 'https://example.org/rss', active: true })
    expect((await sdk.createSource({ client: admin, body: { name: 'x', rss_url: 'ftp://example.org/rss' } })).response.status).toBe(400)
    const dup = await sdk.createSource({ client: admin, body: { name: '또', rss_url: 'https://example.org/rss' } })
    expect(dup.response.status).toBe(409)
    expect(dup.error).toMatchObject({ error: 'duplicate_rss_url' })
    expect((await setActive(created.data!.id, false)).response.status).toBe(200)
    const { data } = await sdk.listSources({ client: admin })
    expect(data!.sources.find((s) => s.id === created.data!.id)!.active).toBe(false)
    expect((await setActive('00000000-0000-4000-8000-000000000000', true)).error).toMatchObject({ error: 'source_not_found' })
  })
})

describe('full path', () => {
  let hk: string
  let mk: string

  it('turns the day’s articles into draft issues, one per company or theme, most covered first', async () => {
    hk = (await addSource('한국경제', '/hankyung.xml')).id
    mk = (await addSource('매일경제', '/mk.atom')).id
    const run = await sdk.runPipeline({ client: admin })
    expect(run.response.status).toBe(202)
    const log = await finished(run.data!.job_id)
    expect(log.data).toMatchObject({ status: 'success', issues_created: 4, errors: [] })
    const feed = await draftFeed()
    expect(feed.status).toBe('draft')
    expect(feed.issues.map((i) => [i.order, i.entity_type, i.entity_id, i.entity_name, i.status])).toEqual([
      [1, 'stock', '005930', '삼성전자', 'draft'],
      [2, 'sector', 'secondary-battery', '2차전지', 'draft'],
      [3, 'stock', '000660', 'SK하이닉스', 'draft'],
      [4, 'stock', '005380', '현대차', 'draft'],
    ])
    const samsung = feed.issues[0]
    expect(samsung.change_value).toBe('-2.1%')
    expect(samsung.tags).toEqual(['반도체'])
    expect(samsung.cards_data.map((c) => c.type)).toEqual(['cover', 'summary', 'source'])
    expect(samsung.cards_data[0]).toMatchObject({ title: '삼성전자\n오늘 -2.1%', visual: { accent: '#3B82F6' } })
    // The duplicate (same link with a tracking query, same headline) was dropped: two articles remain, in source-name order.
    expect(samsung.cards_data[2].sources!.map((s) => s.url)).toEqual(['https://news.example/mk/1', 'https://news.example/hk/1'])
    expect(samsung.cards_data[1].body).toContain('시세 데이터가 아니라 기사')
    const hynix = feed.issues[2]
    expect(hynix.change_value).toBe('+3.4%')
    expect(hynix.cards_data[0].visual.accent).toBe('#EF4444')
  })

  it('updates the day’s drafts on a second run and never adds a second issue for an entity; reviewed issues stay', async () => {
    const before = await draftFeed()
    await sdk.updateIssueStatus({ client: admin, path: { id: before.issues[2].id }, body: { status: 'approved' } })
    host.set('/hankyung.xml', HANKYUNG_LATER)
    const res = await sdk.runCronPipeline({ headers: cron, client: f.client })
    expect(res.response.status).toBe(200)
    expect(res.data).toMatchObject({ ok: true, issues_created: 0 })
    const after = await draftFeed()
    expect(after.issues.length).toBe(4)
    const samsung = after.issues.find((i) => i.entity_id === '005930')!
    expect(samsung.id).toBe(before.issues[0].id)
    expect(samsung.change_value).toBe('-1.5%')
    const hynix = after.issues.find((i) => i.entity_id === '000660')!
    expect(hynix).toEqual({ ...before.issues[2], status: 'approved' })
    host.set('/hankyung.xml', HANKYUNG)
  })

  it('goes through review and publish to the public feed and the OG image', async () => {
    const feed = await draftFeed()
    const samsung = feed.issues.find((i) => i.entity_id === '005930')!
    await sdk.updateIssueStatus({ client: admin, path: { id: samsung.id }, body: { status: 'approved' } })
    expect((await sdk.publishFeed({ client: admin, path: { date: DAY } })).response.status).toBe(200)
    const pub = await sdk.getFeedByDate({ client: f.client, path: { date: DAY } })
    expect(pub.data!.issues.map((i) => i.entity_name).sort()).toEqual(['SK하이닉스', '삼성전자'])
    expect((await sdk.getLatestFeed({ client: f.client })).data).toEqual({ date: DAY })
    const og = await fetch(`${f.baseUrl}/api/og/issue/${samsung.id}`)
    expect(og.status).toBe(200)
    expect(ihdr(Buffer.from(await og.arrayBuffer()))).toMatchObject({ width: 1200, height: 630 })
  })

  it('logs a failing source in errors and carries on (partial); a feed that does not parse is such a failure', async () => {
    const bad = await addSource('깨진매체', '/bad.xml')
    clock.advance(60_000)
    const res = await sdk.runCronPipeline({ headers: cron, client: f.client })
    expect(res.response.status).toBe(200)
    const { data } = await sdk.listPipelineLogs({ client: admin, query: { limit: 1 } })
    expect(data!.logs[0]).toMatchObject({
      status: 'partial',
      errors: [{ source: '깨진매체', message: expect.stringMatching(/RSS 수집 실패: 피드를 해석할 수 없습니다/) }],
    })
    expect(data!.logs[0].finished_at).not.toBeNull()
    await setActive(bad.id, false)
  })

  it('fails the run (cron 500 pipeline_failed) when no source gives articles', async () => {
    await setActive(hk, false)
    await setActive(mk, false)
    const gone = await addSource('없는호스트', '/missing')
    clock.advance(60_000)
    const res = await sdk.runCronPipeline({ headers: cron, client: f.client })
    expect(res.response.status).toBe(500)
    expect(res.error).toMatchObject({ error: 'pipeline_failed' })
    await setActive(gone.id, false)
    await setActive(hk, true)
    await setActive(mk, true)
  })
})

describe('cron endpoint', () => {
  it.each([
    ['no Authorization', {}],
    ['a wrong secret', { Authorization: 'Bearer wrong-secret-of-some-length' }],
    ['a session cookie instead', { Cookie: 'session=x' }],
  ])('refuses %s with 401 unauthorized', async (_label, headers) => {
    const res = await sdk.runCronPipeline({ headers, client: f.client })
    expect(res.response.status).toBe(401)
    expect(res.error).toMatchObject({ error: 'unauthorized' })
  })
})

describe('lock', () => {
  afterEach(() => host.release())

  it('lets exactly one of two concurrent triggers run; the other gets 409 pipeline_running', async () => {
    const slow = await addSource('느린매체', '/hold')
    const manual = sdk.runPipeline({ client: admin })
    const viaCron = sdk.runCronPipeline({ headers: cron, client: f.client })
    // The manual trigger answers at once either way (202 runs in the background); the cron trigger
    // answers at once only when it lost, otherwise when the held feed is released.
    const m = await manual
    let c: Awaited<typeof viaCron>
    if (m.response.status === 202) {
      c = await viaCron
      expect((await sdk.runPipeline({ client: admin })).response.status).toBe(409)
      host.release()
    } else {
      expect((await sdk.runPipeline({ client: admin })).response.status).toBe(409)
      host.release()
      c = await viaCron
    }
    const statuses = [m.response.status, c.response.status].sort()
    expect([
      [200, 409],
      [202, 409],
    ]).toContainEqual(statuses)
    expect((m.response.status === 409 ? m : c).error).toMatchObject({ error: 'pipeline_running' })
    const logs = (await sdk.listPipelineLogs({ client: admin, query: { limit: 5 } })).data!.logs
    for (const l of logs) if (l.status === 'running') await finished(l.id)
    await setActive(slow.id, false)
  })

  it('respects a lock held by another process and takes over one left expired by a crashed run', async () => {
    const db = f.server.deps.db
    await db
      .insertInto('findori_locks')
      .values({
        name: 'pipeline',
        holder: 'other-process',
        acquired_at: clock.now().toISOString(),
        expires_at: new Date(clock.now().getTime() + 60_000).toISOString(),
      })
      .execute()
    expect((await sdk.runCronPipeline({ headers: cron, client: f.client })).response.status).toBe(409)
    clock.advance(61_000)
    expect((await sdk.runCronPipeline({ headers: cron, client: f.client })).response.status).toBe(200)
    expect(await db.selectFrom('findori_locks').selectAll().execute()).toEqual([])
  })
})
