/**
 * After the seed hook, every documented request example of every operation gets its documented
 * success status from the real handlers, in the route table's order (what the lead's contract
 * suite checks). The one exception is the cron example: it runs the pipeline to the end against
 * the seeded sources' real hosts, unreachable from a test machine (documented 500 pipeline_failed).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as sdk from '../../generated/findori/sdk/index.js'
import { createClient } from '../../generated/findori/sdk/client/index.js'
import { findori } from '../../src/services/findori/index.js'
import type { Server } from '../../src/server.js'
import { credentialFor } from '../support/credentials.js'
import { overHttpFetch, testServer } from '../support/server.js'

let server: Server
beforeAll(async () => (server = await testServer({ SEED_EXAMPLES: 'true', FINDORI_ADMIN_PASSWORD: 'findori-admin-2026!' })))
afterAll(() => server.stop())

it('answers each documented request example with its documented 2xx', async () => {
  const client = createClient({ baseUrl: 'http://contract.test', fetch: overHttpFetch(server) })
  const outcomes: string[] = []
  for (const route of findori.table.routes) {
    if (route.operationId === 'runCronPipeline') continue
    const ex = findori.examples[route.operationId]
    const success = Object.keys(ex.responses).filter((s) => s.startsWith('2'))
    for (const [name, body] of Object.entries(ex.request.body ?? { '(none)': undefined })) {
      const headers: Record<string, string> = Object.fromEntries(Object.entries(ex.request.params.header).map(([k, v]) => [k, String(v)]))
      const scheme = route.security?.[0] ? Object.keys(route.security[0])[0] : undefined
      if (scheme) Object.assign(headers, (await credentialFor(server, scheme)).headers)
      const fn = (sdk as Record<string, any>)[route.operationId]
      const res = await fn({ client, path: ex.request.params.path, query: ex.request.params.query, headers, body: structuredClone(body), parseAs: 'text' })
      outcomes.push(`${route.operationId}/${name}: ${success.includes(String(res.response.status)) ? 'ok' : `${res.response.status} ${String(res.error ?? '').slice(0, 120)}`}`)
    }
  }
  expect(outcomes.filter((o) => !o.endsWith(': ok'))).toEqual([])
  expect(outcomes.length).toBeGreaterThanOrEqual(20)
})
