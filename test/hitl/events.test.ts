/**
 * The live event stream, read by a real HTTP client over loopback (the node lane `make run`
 * serves): it replays the thread from the start, then an event written while the client is
 * connected arrives on the same response; Last-Event-ID resumes after an id; the stream ends
 * after the final outcome, and a finished thread with nothing left is 204; an idle stream sends
 * keep-alive comments; a client that goes away frees the stream's poller. Each event's data
 * validates against the spec's StepEvent / ApprovalRequestEvent / OutcomeEvent schemas.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parse as parseYaml } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { hitlServiceOf } from '../../src/services/hitl/index.js'
import { appendEvent } from '../../src/services/hitl/repo.js'
import { startHitl, type Running } from './harness.js'

let h: Running
beforeAll(async () => {
  h = await startHitl({ HITL_SSE_HEARTBEAT_SEC: '1', HITL_EVENTS_POLL_MS: '100' })
})
afterAll(() => h?.stop())

// The spec's event schemas, checked with Ajv as an independent reader of the contract.
const spec = parseYaml(readFileSync(new URL('../../spec/hitl.openapi.yaml', import.meta.url), 'utf8'))
const ajv = new Ajv2020({ strict: false })
;(addFormats as any)(ajv)
ajv.addSchema({ $id: 'hitl', components: spec.components })
const schemaOf: Record<string, string> = { step: 'StepEvent', approval_request: 'ApprovalRequestEvent', outcome: 'OutcomeEvent' }
const validData = (event: string, data: unknown) => {
  const v = ajv.getSchema(`hitl#/components/schemas/${schemaOf[event]}`)!
  return v(data) ? true : v.errors
}

interface SseEvent {
  id: number
  event: string
  data: any
}

/** Reads an SSE response incrementally: `next()` gives the next event, `comment()` the next comment line. */
function reader(res: Response) {
  const r = res.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const blocks: string[] = []
  async function block(): Promise<string | null> {
    while (!blocks.length) {
      const { done, value } = await r.read()
      if (done) return null
      buffer += decoder.decode(value, { stream: true })
      const parts = buffer.split('\n\n')
      buffer = parts.pop()!
      blocks.push(...parts)
    }
    return blocks.shift()!
  }
  return {
    /** The next block that is an event (skipping retry and comments), or null at the end. */
    async next(): Promise<SseEvent | null> {
      for (;;) {
        const b = await block()
        if (b === null) return null
        if (!b.includes('event:')) continue
        const field = (name: string) =>
          b
            .split('\n')
            .find((l) => l.startsWith(`${name}: `))!
            .slice(name.length + 2)
        return { id: Number(field('id')), event: field('event'), data: JSON.parse(field('data')) }
      }
    },
    /** The next block, raw. */
    block,
    cancel: () => r.cancel(),
  }
}

const open = (id: string, last?: number, signal?: AbortSignal) =>
  sdk.streamThreadEvents({
    client: h.client,
    path: { thread_id: id },
    headers: last !== undefined ? { 'Last-Event-ID': String(last) } : {},
    parseAs: 'stream',
    signal,
  })

describe('event stream (SSE), live', () => {
  it('replays from the start, then an event arrives live on the open stream, and the stream ends after the outcome', async () => {
    const t = await h.start({ message: '삼성전자 131주 76300원에 매수' })
    const res = await open(t.thread_id)
    expect(res.response.status).toBe(200)
    expect(res.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(res.response.headers.get('cache-control')).toBe('no-cache')
    const sse = reader(res.response)
    expect(await sse.block()).toBe('retry: 3000')
    const replay: SseEvent[] = []
    for (let i = 0; i < 4; i++) replay.push((await sse.next())!)
    expect(replay.map((e) => [e.id, e.event, e.data.node ?? null])).toEqual([
      [1, 'step', 'understand_request_node'],
      [2, 'step', 'prepare_trade_node'],
      [3, 'step', 'approval_trade_node'],
      [4, 'approval_request', null],
    ])
    expect(replay[3].data).toMatchObject({ action: 'trade', side: 'buy', symbol: '005930', name: '삼성전자', quantity: 131, price: 76300, amount: 9_995_300 })

    // Still connected: the approval produces events that arrive on this same response.
    const approved = await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'approved' } })
    expect(approved.response.status).toBe(200)
    const live = [(await sse.next())!, (await sse.next())!]
    expect(live.map((e) => [e.id, e.event])).toEqual([
      [5, 'step'],
      [6, 'outcome'],
    ])
    expect(live[1].data).toMatchObject({ decision: 'approved', status: 'executed', result: { symbol: '005930', quantity: 131 } })
    // The graph ended: the server closes the stream.
    expect(await sse.next()).toBeNull()
    for (const e of [...replay, ...live]) expect(validData(e.event, e.data), `${e.event} ${JSON.stringify(e.data)}`).toBe(true)

    // Reconnecting after the last id of a finished thread: 204 stops EventSource.
    expect((await open(t.thread_id, 6)).response.status).toBe(204)
  })

  it('Last-Event-ID resumes after that id, and a rejection ends the stream', async () => {
    const t = await h.start({ message: 'sell 10 AAPL at 190' })
    const sse = reader((await open(t.thread_id, 2)).response)
    expect((await sse.next())!.id).toBe(3)
    expect((await sse.next())!.event).toBe('approval_request')
    await sdk.approveDecision({ client: h.client, body: { thread_id: t.thread_id, decision: 'rejected' } })
    const outcome = (await sse.next())!
    expect(outcome).toMatchObject({ id: 5, event: 'outcome', data: { decision: 'rejected', status: 'rejected', result: null } })
    expect(validData('outcome', outcome.data)).toBe(true)
    expect(await sse.next()).toBeNull()
  })

  it('a finished thread replays its events and ends', async () => {
    const t = await h.start({ message: '삼성전자 1주 76300원에 매수', hitl_config: { trade: 'never' } })
    const sse = reader((await open(t.thread_id)).response)
    const events: SseEvent[] = []
    for (let e = await sse.next(); e; e = await sse.next()) events.push(e)
    expect(events.map((e) => e.event)).toEqual(['step', 'step', 'step', 'step', 'outcome'])
    expect(events.at(-1)!.data).toMatchObject({ decision: 'approved', status: 'executed' })
  })

  it('an idle stream sends keep-alive comments, and a client that goes away frees its poller', async () => {
    const t = await h.start({ message: '삼성전자 2주 76300원에 매수' })
    const service = hitlServiceOf(h.server.deps)!
    const before = service.watchedThreads()
    const aborter = new AbortController()
    const sse = reader((await open(t.thread_id, 4, aborter.signal)).response)
    expect(await sse.block()).toBe('retry: 3000')
    expect(service.watchedThreads()).toBe(before + 1)
    expect(await sse.block()).toBe(': keep-alive')
    aborter.abort()
    await sse.cancel().catch(() => undefined)
    await expect.poll(() => service.watchedThreads(), { timeout: 10_000 }).toBe(before)
  })

  it('an event another process writes (straight into the table, no in-process wake-up) reaches the open stream by polling', async () => {
    const t = await h.start({ message: '삼성전자 3주 76300원에 매수' })
    const sse = reader((await open(t.thread_id, 4)).response)
    expect(await sse.block()).toBe('retry: 3000')
    const data = { node: 'execute_trade_node', at: new Date().toISOString() }
    await appendEvent(h.server.deps.db, t.thread_id, { type: 'step', data_json: JSON.stringify(data), created_at: data.at })
    expect(await sse.next()).toEqual({ id: 5, event: 'step', data })
    await sse.cancel()
  })

  it('an unknown thread is 404 in the contract shape', async () => {
    const res = await sdk.streamThreadEvents({ client: h.client, path: { thread_id: 'no-such-thread' } })
    expect(res.response.status).toBe(404)
    expect(res.error).toMatchObject({ success: false, error: 'thread_not_found' })
  })
})
