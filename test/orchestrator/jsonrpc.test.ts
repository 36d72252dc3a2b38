/**
 * The node WebSocket: handshake close codes, JSON-RPC 2.0 error cases, notifications, batches,
 * ownership (−32001), unknown and finished tasks, dispatch timeout, ping, and the message budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { ADMIN, NODE, RawNode, startOrchestrator, waitFor, type Running } from './harness.js'

let o: Running
beforeAll(async () => {
  o = await startOrchestrator({ ORCH_PING_INTERVAL_MS: '200' })
})
afterAll(() => o.stop())

const byId = (id: unknown) => (m: any) => !Array.isArray(m) && m.id === id

describe('handshake', () => {
  it.each([
    ['no token', '?node_id=node-hs1', 4001, 'Unauthorized'],
    ['a wrong token', '?token=wrong&node_id=node-hs1', 4001, 'Unauthorized'],
    ['the admin token', `?token=${ADMIN}&node_id=node-hs1`, 4001, 'Unauthorized'],
    ['a very long token', `?token=${'x'.repeat(5000)}&node_id=node-hs1`, 4001, 'Unauthorized'],
    ['no node_id', `?token=${NODE}`, 4002, 'Missing node_id'],
    ['a malformed node_id', `?token=${NODE}&node_id=Node_1`, 4002, 'Invalid node_id'],
  ])('closes with %s', async (_label, query, code, reason) => {
    const node = await RawNode.connect(o.ws, query)
    expect(await node.waitClosed()).toEqual({ code, reason })
  })

  it('replaces an older connection of the same node with 4003', async () => {
    const first = await RawNode.forNode(o.ws, 'node-dup1')
    const second = await RawNode.forNode(o.ws, 'node-dup1')
    expect(await first.waitClosed()).toEqual({ code: 4003, reason: 'Replaced by new connection' })
    second.close()
  })
})

describe('JSON-RPC 2.0', () => {
  let node: RawNode
  beforeAll(async () => {
    node = await RawNode.forNode(o.ws, 'node-rpc1')
    node.heartbeat('node-rpc1', [{ id: 'device-rpc1', status: 'idle' }], 'hb-1')
    await node.next(byId('hb-1'))
  })
  afterAll(() => node.close())

  it('acknowledges a request with an id', async () => {
    expect(await node.next(byId('hb-1'))).toMatchObject({ jsonrpc: '2.0', result: { ok: true }, id: 'hb-1' })
  })
  it('-32700 for unparseable JSON, with id null', async () => {
    node.send('{"jsonrpc": "2.0", "method"')
    expect(await node.next((m) => m.error?.code === -32700)).toMatchObject({ error: { message: 'Parse error' }, id: null })
  })
  it('-32600 for a message that is not JSON-RPC 2.0', async () => {
    node.send({ jsonrpc: '1.0', method: 'heartbeat', id: 'bad-1' })
    expect(await node.next(byId('bad-1'))).toMatchObject({ error: { code: -32600, message: 'Invalid Request' } })
  })
  it('-32601 for an unknown method and for a method of the other direction', async () => {
    node.send({ jsonrpc: '2.0', method: 'reboot_node', id: 'mnf-1' })
    node.send({ jsonrpc: '2.0', method: 'execute', params: {}, id: 'mnf-2' })
    expect(await node.next(byId('mnf-1'))).toMatchObject({ error: { code: -32601, data: { method: 'reboot_node' } } })
    expect(await node.next(byId('mnf-2'))).toMatchObject({ error: { code: -32601 } })
  })
  it('-32602 with the schema errors in data', async () => {
    node.send({
      jsonrpc: '2.0',
      method: 'heartbeat',
      params: { node_id: 'node-rpc1', timestamp: new Date().toISOString(), metrics: { cpu: 101, memory: 1, disk: 1 }, devices: [] },
      id: 'ip-1',
    })
    const m = await node.next(byId('ip-1'))
    expect(m.error).toMatchObject({
      code: -32602,
      message: 'Invalid params',
      data: { errors: [{ field: 'metrics.cpu', type: 'out_of_range', pointer: '/params/metrics/cpu' }] },
    })
  })
  it('answers nothing to a notification, even a failing one', async () => {
    const before = node.messages.length
    node.send({ jsonrpc: '2.0', method: 'device_status', params: { device_id: 'device-rpc1', status: 'idle', current_task: null } })
    node.send({ jsonrpc: '2.0', method: 'no_such_method' })
    node.send({ jsonrpc: '2.0', method: 'heartbeat', params: {}, id: 'after-notes' })
    await node.next(byId('after-notes'))
    // Pings (every 200 ms here) may arrive meanwhile; they are the orchestrator's own requests.
    expect(node.messages.slice(before).filter((m) => m.method !== 'ping')).toHaveLength(1)
  })
  it('answers a batch with the responses of its requests only; an empty batch is -32600', async () => {
    node.send([
      { jsonrpc: '2.0', method: 'device_status', params: { device_id: 'device-rpc1', status: 'idle', current_task: null } },
      { jsonrpc: '2.0', method: 'device_status', params: { device_id: 'device-rpc1', status: 'idle', current_task: null }, id: 7 },
      { jsonrpc: '2.0', method: 'task_result', params: { task_id: 'task-zzz', status: 'completed', result: {}, error: null }, id: 8 },
    ])
    const batch = await node.next((m) => Array.isArray(m))
    expect(batch).toHaveLength(2)
    expect(batch.find((r: any) => r.id === 7)).toMatchObject({ result: { ok: true } })
    expect(batch.find((r: any) => r.id === 8)).toMatchObject({ error: { code: -32002, data: { task_id: 'task-zzz' } } })
    node.send([])
    expect(await node.next((m) => m.error?.code === -32600 && m.id === null)).toBeTruthy()
  })
  it('-32001 for a heartbeat in another node’s name and for another online node’s device', async () => {
    node.heartbeat('node-other', [], 'fb-1')
    expect(await node.next(byId('fb-1'))).toMatchObject({ error: { code: -32001, message: 'Forbidden' } })
    const other = await RawNode.forNode(o.ws, 'node-rpc2')
    other.heartbeat('node-rpc2', [{ id: 'device-rpc2', status: 'idle' }], 'o-1')
    await other.next(byId('o-1'))
    node.send({ jsonrpc: '2.0', method: 'device_status', params: { device_id: 'device-rpc2', status: 'idle', current_task: null }, id: 'fb-2' })
    expect(await node.next(byId('fb-2'))).toMatchObject({ error: { code: -32001, data: { device_id: 'device-rpc2' } } })
    other.close()
  })
})

describe('heartbeat devices', () => {
  it('stores a device with its serial, or its id when it never gave one; a later heartbeat without one keeps it', async () => {
    const node = await RawNode.forNode(o.ws, 'node-serial1')
    const serialOf = async (id: string) => (await sdk.getDevice({ client: o.client, path: { device_id: id } })).data?.serial
    node.heartbeat(
      'node-serial1',
      [
        { id: 'device-sr1', status: 'idle', serial: 'R58M00001' },
        { id: 'device-sr2', status: 'idle' },
      ],
      'sr-1',
    )
    expect(await node.next(byId('sr-1'))).toMatchObject({ result: { ok: true } })
    expect([await serialOf('device-sr1'), await serialOf('device-sr2')]).toEqual(['R58M00001', 'device-sr2'])
    node.heartbeat(
      'node-serial1',
      [
        { id: 'device-sr1', status: 'active' },
        { id: 'device-sr2', status: 'idle', serial: 'R58M00002' },
      ],
      'sr-2',
    )
    expect(await node.next(byId('sr-2'))).toMatchObject({ result: { ok: true } })
    expect([await serialOf('device-sr1'), await serialOf('device-sr2')]).toEqual(['R58M00001', 'R58M00002'])
    expect((await sdk.getDevice({ client: o.client, path: { device_id: 'device-sr1' } })).data).toMatchObject({ status: 'active', node_id: 'node-serial1' })
    node.close()
  })
})

describe('dispatch and liveness', () => {
  it('fails a task with DISPATCH_TIMEOUT when the node never answers execute', async () => {
    const node = await RawNode.forNode(o.ws, 'node-mute1')
    node.heartbeat('node-mute1', [{ id: 'device-mute1', status: 'idle' }], 'hb')
    await node.next(byId('hb'))
    const keep = setInterval(() => node.heartbeat('node-mute1', [{ id: 'device-mute1', status: 'idle' }]), 100)
    const { data } = await sdk.sendDeviceCommand({ client: o.client, path: { device_id: 'device-mute1' }, body: { command: 'reboot' } })
    const exec = await node.next((m) => m.method === 'execute')
    expect(exec.params).toMatchObject({ task_id: data!.task_id, device_id: 'device-mute1', command: 'reboot', args: {}, timeout: 300 })
    const failed = await waitFor(
      () => sdk.getTask({ client: o.client, path: { task_id: data!.task_id } }),
      (r) => r.data?.status === 'failed',
      3000,
    )
    expect(failed.data!.error).toMatchObject({ code: 'DISPATCH_TIMEOUT' })
    clearInterval(keep)
    node.close()
  })

  it('records a task_result for a task that is no longer running as -32003 (ignored)', async () => {
    const node = await RawNode.forNode(o.ws, 'node-late1')
    node.heartbeat('node-late1', [{ id: 'device-late1', status: 'idle' }], 'hb')
    await node.next(byId('hb'))
    // Alive for the whole test, however slow the machine (one heartbeat lasts the 600 ms timeout).
    const keep = setInterval(() => node.heartbeat('node-late1', [{ id: 'device-late1', status: 'idle' }]), 100)
    const { data } = await sdk.sendDeviceCommand({ client: o.client, path: { device_id: 'device-late1' }, body: { command: 'reboot' } })
    const exec = await node.next((m) => m.method === 'execute')
    node.send({ jsonrpc: '2.0', result: { task_id: data!.task_id, status: 'running' }, id: exec.id })
    await waitFor(
      () => sdk.getTask({ client: o.client, path: { task_id: data!.task_id } }),
      (r) => r.data?.status === 'running',
      3000,
    )
    await sdk.cancelTask({ client: o.client, path: { task_id: data!.task_id } })
    expect(await node.next((m) => m.method === 'cancel')).toMatchObject({ params: { task_id: data!.task_id } })
    node.send({ jsonrpc: '2.0', method: 'task_result', params: { task_id: data!.task_id, status: 'completed', result: {}, error: null }, id: 'late' })
    expect(await node.next(byId('late'))).toMatchObject({ error: { code: -32003, data: { status: 'cancelled' } } })
    clearInterval(keep)
    node.close()
  })

  it('pings connected nodes and marks a node that does not answer as error', async () => {
    const node = await RawNode.forNode(o.ws, 'node-ping1')
    const keep = setInterval(() => node.heartbeat('node-ping1', []), 100)
    const ping = await node.next((m) => m.method === 'ping')
    expect(ping).toMatchObject({ jsonrpc: '2.0', method: 'ping' })
    await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: 'node-ping1' } }),
      (r) => r.data?.status === 'error',
      3000,
      'node error',
    )
    node.ws.on('message', (d) => {
      const m = JSON.parse(d.toString())
      if (m.method === 'ping') node.send({ jsonrpc: '2.0', result: { pong: true, timestamp: new Date().toISOString() }, id: m.id })
    })
    await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: 'node-ping1' } }),
      (r) => r.data?.status === 'online',
      3000,
      'node back online',
    )
    clearInterval(keep)
    node.close()
  })
})

describe('message budget', () => {
  it('answers -32000 past the per-connection limit and closes with 1008 on persistent abuse', async () => {
    const limited = await startOrchestrator({ ORCH_RATE_LIMIT_WS_MSG_PER_SEC: '3' })
    try {
      const node = await RawNode.forNode(limited.ws, 'node-spam1')
      for (let i = 0; i < 5; i++) node.send({ jsonrpc: '2.0', method: 'heartbeat', params: {}, id: `s-${i}` })
      const over = await node.next((m) => m.error?.code === -32000)
      expect(over.error).toMatchObject({ message: 'Rate limited', data: { limit: 3, window: '1s' } })
      expect(typeof over.error.data.retry_after_ms).toBe('number')
      const flood = setInterval(() => {
        for (let i = 0; i < 5; i++) if (!node.closed) node.send({ jsonrpc: '2.0', method: 'device_status', params: {} })
      }, 100)
      const closed = await node.waitClosed(8000)
      clearInterval(flood)
      expect(closed).toEqual({ code: 1008, reason: 'Rate limit exceeded' })
    } finally {
      await limited.stop()
    }
  }, 15_000)
})
