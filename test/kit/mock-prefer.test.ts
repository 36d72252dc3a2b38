/**
 * `Prefer` as the mock reads it: a named example picks its own status, and a preference the mock
 * cannot honour is a 400 in the contract's own error shape, naming the header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../generated/hitl/sdk/client/index.js'
import { getThread } from '../../generated/hitl/sdk/index.js'
import { createClient as orchClient } from '../../generated/orchestrator/sdk/client/index.js'
import { listNodes } from '../../generated/orchestrator/sdk/index.js'
import { parsePrefer, PreferenceProblem } from '../../src/kit/prefer.js'
import { hitl } from '../../src/services/hitl/index.js'
import { orchestrator } from '../../src/services/orchestrator/index.js'
import type { Server } from '../../src/server.js'
import { credentialFor } from '../support/credentials.js'
import { inProcessFetch, overHttpFetch, testServer } from '../support/server.js'

const THREAD = { thread_id: '550e8400-e29b-41d4-a716-446655440000' }

describe('parsePrefer', () => {
  it('reads the mock preferences and passes the registered ones', () => {
    expect(parsePrefer('code=404, example="notFound"; return=minimal, wait=5, odata.maxpagesize=5')).toEqual({ code: '404', example: 'notFound' })
    expect(parsePrefer('dynamic, seed=7')).toEqual({ dynamic: true, seed: 7 })
    expect(parsePrefer('stateful=true, scenario=pdf-job')).toEqual({ stateful: true, scenario: 'pdf-job' })
  })

  it.each([
    ['seed=abc', /seed=abc is not a whole number/],
    ['dynamic=true, seed=-1', /seed=-1 is not a whole number/],
    ['code=999', /code=999 is not an HTTP status/],
    ['code=abc', /code=abc is not an HTTP status/],
    ['dynamic=yes', /dynamic=yes is not a boolean/],
    ['exmaple=threadNotFound', /unknown preference exmaple/],
    ['seed=7', /only applies with dynamic=true/],
    ['example=a b', /not a example name/],
  ])('refuses %s', (header, message) => {
    expect(() => parsePrefer(header)).toThrow(PreferenceProblem)
    expect(() => parsePrefer(header)).toThrow(message)
  })
})

describe('Prefer over HTTP (mock mode)', () => {
  let server: Server
  let client: ReturnType<typeof createClient>
  let orch: ReturnType<typeof orchClient>

  beforeAll(async () => {
    server = await testServer({ SERVE_MODE: 'mock' })
    client = createClient({ baseUrl: 'http://test', fetch: inProcessFetch(server), headers: (await credentialFor(server, hitl, 'hitlBearer')).headers })
    orch = orchClient({ baseUrl: 'http://test', fetch: overHttpFetch(server), headers: (await credentialFor(server, orchestrator, 'adminBearer')).headers })
  })
  afterAll(() => server?.stop())

  it('example=<name> answers with the status of the response it belongs to', async () => {
    const { error, response } = await getThread({ client, path: THREAD, headers: { Prefer: 'example=threadNotFound' } })
    expect(response.status).toBe(404)
    expect(error).toMatchObject({ success: false, error: 'thread_not_found' })
  })

  it('example=<name> with a code that documents it still answers it', async () => {
    const { response } = await getThread({ client, path: THREAD, headers: { Prefer: 'code=404, example=threadNotFound' } })
    expect(response.status).toBe(404)
  })

  it('an unknown example name is a 400 listing the documented ones with their statuses', async () => {
    const { error, response } = await getThread({ client, path: THREAD, headers: { Prefer: 'example=nope' } })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ success: false, error: 'validation_error' })
    expect(JSON.stringify(error)).toContain('threadNotFound (404)')
  })

  it.each(['seed=abc', 'dynamic=true, seed=abc', 'code=999', 'colour=blue'])('Prefer: %s is a 400 in hitl’s shape, naming the header', async (prefer) => {
    const { error, response } = await getThread({ client, path: THREAD, headers: { Prefer: prefer } })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ success: false, error: 'validation_error' })
    expect(JSON.stringify(error)).toMatch(/Prefer/i)
  })

  it('is a 400 in the orchestrator’s shape too, over the served (node) path', async () => {
    const { error, response } = await listNodes({ client: orch, headers: { Prefer: 'code=999' } })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ error: 'VALIDATION_ERROR', request_id: expect.any(String) })
    expect(JSON.stringify(error)).toContain('code=999 is not an HTTP status')
  })

  it('dynamic=true without a seed is the same body every time; a seed picks another', async () => {
    const a = await listNodes({ client: orch, headers: { Prefer: 'dynamic=true' } })
    const b = await listNodes({ client: orch, headers: { Prefer: 'dynamic=true' } })
    const c = await listNodes({ client: orch, headers: { Prefer: 'dynamic=true, seed=3' } })
    expect(a.response.status).toBe(200)
    expect(b.data).toEqual(a.data)
    expect(c.data).not.toEqual(a.data)
  })

  it('without Prefer the plain example is answered', async () => {
    const { data, response } = await listNodes({ client: orch })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-mock')).toBe('true')
    expect(data).toBeTruthy()
  })
})
