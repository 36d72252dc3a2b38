/**
 * A node's recorded address (`ip` of GET /nodes/{id}) is decided like any client's
 * (src/kit/client-address.ts): the socket peer, or behind a trusted proxy (TRUST_PROXY) the
 * address its X-Forwarded-For names on the /ws/node upgrade; a header from a peer that is not
 * trusted is ignored.
 */
import WebSocket from 'ws'
import { afterAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/orchestrator/sdk/index.js'
import { NODE, startOrchestrator, waitFor, type Running } from './harness.js'

const running: Running[] = []
afterAll(() => Promise.all(running.map((r) => r.stop())))

async function addressSeen(trustProxy: string, nodeId: string): Promise<string | null | undefined> {
  const o = await startOrchestrator({ TRUST_PROXY: trustProxy })
  running.push(o)
  const ws = new WebSocket(`${o.ws}/ws/node?token=${NODE}&node_id=${nodeId}`, { headers: { 'X-Forwarded-For': '198.51.100.4, 203.0.113.7' } })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  try {
    const node = await waitFor(
      () => sdk.getNode({ client: o.client, path: { node_id: nodeId } }),
      (r) => r.response.status === 200,
      5000,
      `${nodeId} recorded`,
    )
    return node.data!.ip
  } finally {
    ws.close()
  }
}

describe('a node’s address behind a proxy', () => {
  it('is the forwarded client when the peer is a trusted proxy', async () => {
    expect(await addressSeen('loopback', 'node-ip1')).toBe('203.0.113.7')
  })

  it('is the socket peer when TRUST_PROXY is off or the peer is not trusted', async () => {
    expect(await addressSeen('', 'node-ip2')).toBe('127.0.0.1')
    expect(await addressSeen('10.0.0.0/8', 'node-ip3')).toBe('127.0.0.1')
  })
})
