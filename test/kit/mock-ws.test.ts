/**
 * The WebSocket side of the mock (`make mock`): /ws/node speaks spec/orchestrator.asyncapi.yaml.
 * The reference node runner connects to it; the control endpoint makes the mock send `execute`
 * and `ping`; the runner's answers and its task_result are checked against the AsyncAPI schemas.
 * A raw client shows the handshake's close codes and the JSON-RPC errors for bad messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { NodeRunner } from '../../src/services/orchestrator/node-runner/runner.js'
import type { Server } from '../../src/server.js'
import { waitFor } from '../orchestrator/harness.js'
import { TEST_SECRETS, testServer } from '../support/server.js'

let server: Server
let port: number
const base = () => `http://127.0.0.1:${port}`
const control = (path: string, body?: unknown) =>
  fetch(
    `${base()}/__mock/ws/node${path}`,
    body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  )
const messages = async (node: string) => (await (await control(`/${node}/messages`)).json()).messages as any[]

beforeAll(async () => {
  server = await testServer({ SERVE_MODE: 'mock' })
  port = await server.start()
})
afterAll(() => server?.stop())

/** A raw connection: resolves with its messages as they come and how it closed. */
function raw(query: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/node?${query}`)
  const got: any[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  ws.on('message', (d) => got.push(JSON.parse(d.toString())))
  const open = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const next = (n: number) =>
    waitFor(
      () => got,
      (g) => g.length >= n,
      5000,
      `${n} messages`,
    )
  return { ws, got, closed, open, next }
}

describe('the WebSocket mock and the reference node runner', () => {
  let runner: NodeRunner
  beforeAll(async () => {
    runner = new NodeRunner({
      url: `ws://127.0.0.1:${port}`,
      nodeId: 'node-007',
      token: TEST_SECRETS.ORCH_NODE_TOKEN,
      devices: 2,
      heartbeatIntervalMs: 300,
      msPerSecond: 1,
      reconnect: false,
      log: () => undefined,
    })
    await runner.start()
  })
  afterAll(() => runner?.stop())

  it('takes the runner’s heartbeat as a valid message and acknowledges it', async () => {
    const log = await waitFor(
      () => messages('node-007'),
      (m) => m.some((e) => e.name === 'heartbeat'),
      5000,
      'a heartbeat',
    )
    const hb = log.find((e) => e.name === 'heartbeat')
    expect(hb).toMatchObject({ direction: 'in', valid: true })
    expect((await (await control('')).json()).connected).toContain('node-007')
    // The runner sends its heartbeats as requests (with an id): the mock answers from ackResult's example.
    expect(hb.message.id).toBeDefined()
    const ack = await waitFor(
      () => messages('node-007'),
      (m) => m.some((e) => e.direction === 'out' && e.message.id === hb.message.id),
    )
    expect(ack.find((e) => e.direction === 'out' && e.message.id === hb.message.id)).toMatchObject({
      name: 'ackResult',
      valid: true,
      message: { result: { ok: true } },
    })
  })

  it('sends execute on demand; the runner accepts it and reports a task_result the mock validates and acknowledges', async () => {
    const res = await control('/node-007/send', {
      message: 'execute',
      params: { task_id: 'task-mock1', device_id: 'device-007x001', command: 'run_script', args: { script_name: 'youtube_watch', duration: 1 }, timeout: 60 },
    })
    expect(res.status).toBe(200)
    const out = await res.json()
    expect(out.sent).toMatchObject({ method: 'execute', params: { task_id: 'task-mock1', device_id: 'device-007x001' } })
    expect(out.timed_out).toBe(false)
    expect(out.reply).toMatchObject({
      direction: 'in',
      name: 'executeResult',
      valid: true,
      message: { id: out.sent.id, result: { task_id: 'task-mock1', status: 'running' } },
    })

    const log = await waitFor(
      () => messages('node-007'),
      (m) => m.some((e) => e.name === 'taskResult'),
      5000,
      'a task_result',
    )
    const result = log.find((e) => e.name === 'taskResult')
    expect(result).toMatchObject({ valid: true, message: { method: 'task_result', params: { task_id: 'task-mock1', status: 'completed' } } })
    const ack = await waitFor(
      () => messages('node-007'),
      (m) => m.some((e) => e.direction === 'out' && e.message.id === result.message.id),
    )
    expect(ack.find((e) => e.direction === 'out' && e.message.id === result.message.id)).toMatchObject({ name: 'ackResult', valid: true })
  })

  it('sends ping by name; the runner’s pong is a valid pingResult', async () => {
    const out = await (await control('/node-007/send', { message: 'ping' })).json()
    expect(out.reply).toMatchObject({ name: 'pingResult', valid: true, message: { result: { pong: true } } })
  })

  it('an execute for a device the runner lacks gets a documented error answer, still valid', async () => {
    const out = await (await control('/node-007/send', { message: 'execute' })).json()
    expect(out.reply).toMatchObject({ name: 'errorResponse', valid: true })
  })

  it('refuses to send what the server does not send, a body that breaks its schema, and to nodes not connected', async () => {
    expect((await control('/node-007/send', { message: 'heartbeat' })).status).toBe(400)
    const bad = await control('/node-007/send', { body: { jsonrpc: '2.0', method: 'execute', params: { task_id: 'x' }, id: 'c1' } })
    expect(bad.status).toBe(400)
    expect((await bad.json()).message).toMatch(/execute/)
    const absent = await control('/node-404/send', { message: 'ping' })
    expect(absent.status).toBe(404)
    expect((await absent.json()).message).toContain('node-007')
  })
})

describe('handshake and JSON-RPC errors', () => {
  it.each([
    ['token=wrong&node_id=node-001', 4001, 'Unauthorized'],
    ['node_id=node-001', 4001, 'Unauthorized'],
    [`token=${TEST_SECRETS.ORCH_NODE_TOKEN}`, 4002, 'Missing node_id'],
    [`token=${TEST_SECRETS.ORCH_NODE_TOKEN}&node_id=Node_1`, 4002, 'Invalid node_id'],
  ])('%s closes with the document’s code', async (query, code, reason) => {
    const c = raw(query)
    expect(await c.closed).toEqual({ code, reason })
  })

  it('answers bad messages with the JSON-RPC error codes and a valid request from the examples', async () => {
    const c = raw(`token=${TEST_SECRETS.ORCH_NODE_TOKEN}&node_id=node-raw`)
    await c.open
    c.ws.send('{not json')
    await c.next(1)
    expect(c.got[0]).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 }, id: null })
    c.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'reboot_everything', id: 2 }))
    await c.next(2)
    expect(c.got[1]).toMatchObject({ error: { code: -32601 }, id: 2 })
    c.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'heartbeat', params: { node_id: 'node-raw' }, id: 3 }))
    await c.next(3)
    expect(c.got[2]).toMatchObject({
      error: { code: -32602, data: { errors: expect.arrayContaining([expect.objectContaining({ field: 'timestamp', pointer: '/params/timestamp' })]) } },
      id: 3,
    })
    c.ws.send(JSON.stringify({ jsonrpc: '1.0', method: 'heartbeat', id: 4 }))
    await c.next(4)
    expect(c.got[3]).toMatchObject({ error: { code: -32600 }, id: 4 })
    c.ws.send(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'heartbeat',
        params: { node_id: 'node-raw', timestamp: '2026-01-04T12:00:00Z', metrics: { cpu: 1, memory: 2, disk: 3 }, devices: [] },
        id: 'hb-9',
      }),
    )
    await c.next(5)
    expect(c.got[4]).toEqual({ jsonrpc: '2.0', result: { ok: true, timestamp: '2026-01-04T12:00:00Z' }, id: 'hb-9' })
    c.ws.send(JSON.stringify([]))
    await c.next(6)
    expect(c.got[5]).toMatchObject({ error: { code: -32600 }, id: null })
    c.ws.close()
  })
})
