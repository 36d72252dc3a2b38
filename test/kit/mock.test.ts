/**
 * The mock server as a frontend developer uses it, through the generated SDK: examples by
 * default, `Prefer` to choose a status, an example, or a schema-generated body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../generated/findori/sdk/client/index.js'
import { getFeedByDate, getLatestFeed } from '../../generated/findori/sdk/index.js'
import { validators } from '../../generated/findori/validators.gen.js'
import type { Server } from '../../src/server.js'
import { inProcessFetch, testServer } from '../support/server.js'

let server: Server
let client: ReturnType<typeof createClient>

beforeAll(async () => {
  server = await testServer({ SERVE_MODE: 'mock' })
  client = createClient({ baseUrl: 'http://test', fetch: inProcessFetch(server) })
})
afterAll(() => server?.stop())

describe('mock server', () => {
  it('answers the first documented success example, marked X-Mock', async () => {
    const { data, response } = await getLatestFeed({ client })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-mock')).toBe('true')
    expect(data).toEqual({ date: '2026-02-27' })
  })

  it('Prefer: code=404 picks the documented 404 and its example', async () => {
    const { error, response } = await getLatestFeed({ client, headers: { Prefer: 'code=404' } })
    expect(response.status).toBe(404)
    expect(error).toEqual({ error: 'no_published_feed', message: '발행된 피드가 없습니다.' })
  })

  it('Prefer: example=<name> picks a named example', async () => {
    const { error } = await getLatestFeed({ client, headers: { Prefer: 'code=500, example=internalError' } })
    expect(error).toMatchObject({ error: 'internal_error' })
  })

  it('Prefer: code=<undocumented> is refused, naming the documented statuses', async () => {
    const { error, response } = await getLatestFeed({ client, headers: { Prefer: 'code=418' } })
    expect(response.status).toBe(400)
    expect(JSON.stringify(error)).toContain('200, 404, 500')
  })

  it('Prefer: dynamic=true generates a schema-valid body, the same for the same seed', async () => {
    const a = await getFeedByDate({ client, path: { date: '2026-02-27' }, headers: { Prefer: 'dynamic=true, seed=7' } })
    const b = await getFeedByDate({ client, path: { date: '2026-02-27' }, headers: { Prefer: 'dynamic=true, seed=7' } })
    const c = await getFeedByDate({ client, path: { date: '2026-02-27' }, headers: { Prefer: 'dynamic=true, seed=8' } })
    expect(a.response.status).toBe(200)
    expect((validators as any).getFeedByDate_res_200(a.data)).toBe(true)
    expect(b.data).toEqual(a.data)
    expect(c.data).not.toEqual(a.data)
  })

  it('still validates requests as the real server does', async () => {
    const { response } = await getFeedByDate({ client, path: { date: 'yesterday' } })
    expect(response.status).toBe(400)
  })
})
