/**
 * After the seed hook, every documented request example of every hitl operation gets its
 * documented success status from the real handlers (what the contract suite checks), and the
 * seeded threads wait at their approval interrupts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { hitl } from '../../src/services/hitl/index.js'
import { startHitl, type Running } from './harness.js'

let h: Running
beforeAll(async () => {
  h = await startHitl()
  await hitl.seed!(h.server.deps)
  await hitl.seed!(h.server.deps) // idempotent
})
afterAll(() => h.stop())

const SUCCESS: Record<string, number> = { approveDecision: 200, createApprovalThread: 201, getThread: 200, streamThreadEvents: 200 }

describe('seeded examples', () => {
  it('seeds threads waiting for approval, the rebalance one on the demo portfolio', async () => {
    const t = (await sdk.getThread({ client: h.client, path: { thread_id: '7d9f3c1a-2b4e-4f6a-8c0d-1e2f3a4b5c6d' } })).data!
    expect(t).toMatchObject({ status: 'awaiting_approval', current_node: 'approval_rebalance_node', portfolio: { total_value: 12_800_000 } })
  })

  for (const route of hitl.table.routes) {
    const ex = hitl.examples[route.operationId].request
    for (const [name, body] of Object.entries(ex.body ?? { '(no body)': undefined })) {
      it(`${route.operationId} "${name}" answers ${SUCCESS[route.operationId]}`, async () => {
        if (route.operationId === 'streamThreadEvents') {
          // The generated SDK function of an SSE operation is an EventSource-like reader without
          // a `response`; a plain HTTP request shows the status.
          const p = ex.params
          const res = await fetch(`${h.base}/api/v1/chat/threads/${p.path.thread_id}/events?wait=${p.query.wait}`, {
            headers: { ...h.auth, 'Last-Event-ID': String(p.header['Last-Event-ID']) },
          })
          expect(res.status).toBe(200)
          expect(await res.text()).toContain('event: approval_request')
          return
        }
        const fn = (sdk as any)[route.operationId]
        const res = await fn({ client: h.client, path: ex.params.path, query: ex.params.query, headers: ex.params.header, body, parseAs: 'text' })
        expect(res.response.status, JSON.stringify(res.error ?? res.data).slice(0, 300)).toBe(SUCCESS[route.operationId])
      })
    }
  }
})
