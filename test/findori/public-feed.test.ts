/**
 * The public API over HTTP with the generated SDK: latest feed, feed by date (real calendar dates
 * only), published issues only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/findori/sdk/index.js'
import { startFindori, type Running } from './harness.js'

let f: Running
beforeAll(async () => (f = await startFindori()))
afterAll(() => f.stop())

describe('public feed', () => {
  it('names the latest published feed date', async () => {
    const { data, response } = await sdk.getLatestFeed({ client: f.client })
    expect(response.status).toBe(200)
    expect(data).toEqual({ date: '2026-02-27' })
  })

  it('serves the published feed with its issues in order and without review status', async () => {
    const { data, response } = await sdk.getFeedByDate({ client: f.client, path: { date: '2026-02-27' } })
    expect(response.status).toBe(200)
    expect(data!.status).toBe('published')
    expect(data!.issues.map((i) => [i.order, i.entity_name])).toEqual([
      [1, '삼성전자'],
      [2, 'SK하이닉스'],
    ])
    expect(data!.issues[0]).not.toHaveProperty('status')
    expect(data!.issues[0].cards_data[0]).toMatchObject({ type: 'cover', title: '삼성전자\n오늘 -2.1%' })
  })

  it('serves a published feed that has no issues as an empty list', async () => {
    const at = '2026-03-02T21:00:00.000Z'
    await f.server.deps.db
      .insertInto('findori_feeds')
      .values({ date: '2026-03-02', status: 'published', published_at: at, created_at: at, updated_at: at })
      .execute()
    const { data, response } = await sdk.getFeedByDate({ client: f.client, path: { date: '2026-03-02' } })
    expect(response.status).toBe(200)
    expect(data).toEqual({ date: '2026-03-02', status: 'published', issues: [] })
  })

  it.each(['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31', '2026-2-7', 'yesterday'])('refuses %s with 400 invalid_date', async (date) => {
    const { error, response } = await sdk.getFeedByDate({ client: f.client, path: { date } })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ error: 'invalid_date' })
  })

  it('accepts a leap day that exists (2028-02-29) and answers 404 feed_not_found', async () => {
    const { error, response } = await sdk.getFeedByDate({ client: f.client, path: { date: '2028-02-29' } })
    expect(response.status).toBe(404)
    expect(error).toMatchObject({ error: 'feed_not_found' })
  })

  it('does not show a draft feed publicly (2026-02-28 is under review)', async () => {
    const { error, response } = await sdk.getFeedByDate({ client: f.client, path: { date: '2026-02-28' } })
    expect(response.status).toBe(404)
    expect(error).toMatchObject({ error: 'feed_not_found' })
  })

  it('returns a published issue by id with its feed date', async () => {
    const { data, response } = await sdk.getIssue({ client: f.client, path: { id: '3f6c2a1e-8b4d-4c7a-9e21-5d8f0b6a7c13' } })
    expect(response.status).toBe(200)
    expect(data).toMatchObject({ feed_date: '2026-02-27', entity_name: '삼성전자', change_value: '-2.1%' })
  })

  it('answers 404 issue_not_found for an approved issue of an unpublished feed', async () => {
    const { error, response } = await sdk.getIssue({ client: f.client, path: { id: 'c2d8f1a4-6e5b-4a3c-8d7f-9b1e0a2c4d65' } })
    expect(response.status).toBe(404)
    expect(error).toMatchObject({ error: 'issue_not_found' })
  })

  it('answers 400 invalid_request naming /path/id for an id that is not a UUID', async () => {
    const { error, response } = await sdk.getIssue({ client: f.client, path: { id: 'not-a-uuid' } })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ error: 'invalid_request', details: [expect.objectContaining({ pointer: '/path/id' })] })
  })
})
