/**
 * Review and publish over HTTP: publishing freezes the approved issues into the public snapshot;
 * later approvals, rejections and edits reach the public feed only at the next publish; card
 * rules and the admin feed views.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/findori/sdk/index.js'
import type { Card } from '../../generated/findori/sdk/types.gen.js'
import { startFindori, type Running } from './harness.js'

let f: Running
let admin: ReturnType<Running['admin']>['client']
beforeAll(async () => {
  f = await startFindori()
  admin = f.admin(await f.login()).client
})
afterAll(() => f.stop())

const KOSPI = 'c2d8f1a4-6e5b-4a3c-8d7f-9b1e0a2c4d65'
const BATTERY = 'e5b7a3d9-2c4f-4b1e-a6d8-3f9c0e1b2a58'
const SAMSUNG = '3f6c2a1e-8b4d-4c7a-9e21-5d8f0b6a7c13'
const cover = (title: string): Card => ({
  id: 1,
  type: 'cover',
  tag: '시황',
  title,
  sub: '수정 · 2026-02-28',
  visual: { bg_from: '#1f0a0a', bg_via: '#5f1e1e', bg_to: '#1f0a0a', accent: '#EF4444' },
})
const publicIds = async (date: string) => (await sdk.getFeedByDate({ client: f.client, path: { date } })).data?.issues.map((i) => i.id)

describe('admin feeds', () => {
  it('lists every feed newest first with issue counts and publish state', async () => {
    const { data } = await sdk.listAdminFeeds({ client: admin })
    expect(data!.feeds).toEqual([
      { date: '2026-02-28', status: 'draft', issue_count: 2, published_at: null },
      { date: '2026-02-27', status: 'published', issue_count: 2, published_at: '2026-02-27T10:00:00.000Z' },
    ])
    expect((await sdk.listAdminFeeds({ client: admin, query: { limit: 1, offset: 1 } })).data!.feeds.map((x) => x.date)).toEqual(['2026-02-27'])
  })

  it('refuses a page size above the documented maximum (500)', async () => {
    expect((await sdk.listAdminFeeds({ client: admin, query: { limit: 501 } })).response.status).toBe(400)
  })

  it('shows a draft feed with each issue’s review status', async () => {
    const { data } = await sdk.getAdminFeed({ client: admin, path: { date: '2026-02-28' } })
    expect(data!.issues.map((i) => [i.entity_name, i.status])).toEqual([
      ['코스피', 'approved'],
      ['2차전지', 'draft'],
    ])
  })

  it('answers 400 invalid_date for 2026-02-30 on the admin feed too', async () => {
    const { error, response } = await sdk.getAdminFeed({ client: admin, path: { date: '2026-02-30' } })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ error: 'invalid_date' })
  })
})

describe('publish snapshot rule', () => {
  it('refuses to publish a feed with no approved issue (422 no_approved_issues)', async () => {
    await sdk.updateIssueStatus({ client: admin, path: { id: KOSPI }, body: { status: 'rejected' } })
    const { error, response } = await sdk.publishFeed({ client: admin, path: { date: '2026-02-28' } })
    expect(response.status).toBe(422)
    expect(error).toMatchObject({ error: 'no_approved_issues' })
    expect(await publicIds('2026-02-28')).toBeUndefined()
  })

  it('publishes only the approved issues', async () => {
    await sdk.updateIssueStatus({ client: admin, path: { id: KOSPI }, body: { status: 'approved' } })
    const { data, response } = await sdk.publishFeed({ client: admin, path: { date: '2026-02-28' } })
    expect(response.status).toBe(200)
    expect(data!.published_at).toBe(f.clock.now().toISOString())
    expect(await publicIds('2026-02-28')).toEqual([KOSPI])
    expect((await sdk.getLatestFeed({ client: f.client })).data).toEqual({ date: '2026-02-28' })
  })

  it('keeps an issue approved after publishing out of the public feed until the next publish', async () => {
    await sdk.updateIssueStatus({ client: admin, path: { id: BATTERY }, body: { status: 'approved' } })
    expect(await publicIds('2026-02-28')).toEqual([KOSPI])
    expect((await sdk.getIssue({ client: f.client, path: { id: BATTERY } })).response.status).toBe(404)
    await sdk.publishFeed({ client: admin, path: { date: '2026-02-28' } })
    expect(await publicIds('2026-02-28')).toEqual([KOSPI, BATTERY])
  })

  it('keeps the published text of an edited issue until the next publish', async () => {
    const edit = await sdk.updateIssue({
      client: admin,
      path: { id: KOSPI },
      body: { title: '코스피, 수정된 제목', change_value: '+1.3%', order: 3, cards_data: [cover('코스피\n오늘 +1.3%')] },
    })
    expect(edit.response.status).toBe(200)
    expect((await sdk.getIssue({ client: f.client, path: { id: KOSPI } })).data).toMatchObject({
      title: '코스피, 기관 매수에 2,650선 회복',
      change_value: '+1.2%',
    })
    await sdk.publishFeed({ client: admin, path: { date: '2026-02-28' } })
    expect((await sdk.getIssue({ client: f.client, path: { id: KOSPI } })).data).toMatchObject({ title: '코스피, 수정된 제목', change_value: '+1.3%' })
    expect(await publicIds('2026-02-28')).toEqual([BATTERY, KOSPI])
  })

  it('keeps a rejected issue public until the next publish, which removes it', async () => {
    await sdk.updateIssueStatus({ client: admin, path: { id: SAMSUNG }, body: { status: 'rejected' } })
    expect((await sdk.getIssue({ client: f.client, path: { id: SAMSUNG } })).response.status).toBe(200)
    await sdk.publishFeed({ client: admin, path: { date: '2026-02-27' } })
    expect((await sdk.getIssue({ client: f.client, path: { id: SAMSUNG } })).response.status).toBe(404)
    expect(await publicIds('2026-02-27')).toEqual(['7a9e4b2c-1d3f-4e8a-b5c6-2f0d9e8a1b47'])
  })

  it('answers 404 feed_not_found when publishing a day without a feed', async () => {
    expect((await sdk.publishFeed({ client: admin, path: { date: '2026-03-01' } })).response.status).toBe(404)
  })
})

describe('issue edits', () => {
  it('refuses duplicate card ids, naming the card', async () => {
    const { error, response } = await sdk.updateIssue({
      client: admin,
      path: { id: BATTERY },
      body: { title: 't', change_value: '+1%', order: 1, cards_data: [cover('a'), { ...cover('b'), type: 'summary' }] },
    })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ error: 'invalid_request', details: [{ pointer: '/body/cards_data/1/id' }] })
  })

  it('refuses cards that do not start with a cover', async () => {
    const { error, response } = await sdk.updateIssue({
      client: admin,
      path: { id: BATTERY },
      body: { title: 't', change_value: '+1%', order: 1, cards_data: [{ ...cover('a'), type: 'summary' }] },
    })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ details: [{ pointer: '/body/cards_data/0/type' }] })
  })

  it('refuses a card type outside the documented ones', async () => {
    const { response } = await sdk.updateIssue({
      client: admin,
      path: { id: BATTERY },
      body: { title: 't', change_value: '+1%', order: 1, cards_data: [cover('a'), { ...cover('b'), id: 2, type: 'bullish' as never }] },
    })
    expect(response.status).toBe(400)
  })

  it('answers 404 issue_not_found for an unknown issue', async () => {
    const { error } = await sdk.updateIssueStatus({ client: admin, path: { id: '00000000-0000-4000-8000-000000000000' }, body: { status: 'approved' } })
    expect(error).toMatchObject({ error: 'issue_not_found' })
  })
})
