/**
 * Durability: a thread waiting at its approval interrupt survives the server. Once with a clean
 * stop and a new server on the same database files, once with a real process killed (SIGKILL)
 * and started again, approved over HTTP afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/hitl/sdk/index.js'
import { createClient } from '../../generated/hitl/sdk/client/index.js'
import { checkpointFileFor } from '../../src/services/hitl/checkpointer.js'
import { TEST_SECRETS } from '../support/server.js'
import { freshDatabaseUrl } from '../support/database.js'
import { startHitl, TOKEN } from './harness.js'

const dir = mkdtempSync(join(tmpdir(), 'hitl-durable-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
// PostgreSQL runs use databases the support module makes; SQLite runs use files here.
const pg = /^postgres/.test(process.env.TEST_DATABASE_URL ?? '')

describe('durability', () => {
  it('derives the checkpoint file from DATABASE_URL', () => {
    expect(checkpointFileFor('sqlite:/data/app.sqlite')).toBe('/data/app.sqlite-hitl-checkpoints')
    expect(checkpointFileFor(':memory:')).toBeNull()
  })

  it('a new server on the same database resumes a thread that waited in the old one', async () => {
    const url = pg ? undefined : `sqlite:${join(dir, 'restart.sqlite')}`
    const first = await startHitl({}, url)
    const dbUrl = first.server.deps.config.databaseUrl
    const t = await first.start({ message: '삼성전자 131주 76300원에 매수' })
    await first.stop()

    const second = await startHitl({}, dbUrl)
    try {
      const before = (await sdk.getThread({ client: second.client, path: { thread_id: t.thread_id } })).data!
      expect(before).toMatchObject({ status: 'awaiting_approval', current_node: 'approval_trade_node' })
      const res = await sdk.approveDecision({ client: second.client, body: { thread_id: t.thread_id, decision: 'approved' } })
      expect(res.data).toMatchObject({ graph_completed: true, result: { quantity: 131, price: 76300, status: 'simulated' } })
      const after = (await sdk.getThread({ client: second.client, path: { thread_id: t.thread_id } })).data!
      expect(after.flags).toEqual({ trade_prepared: true, trade_approved: true, trade_executed: true })
      expect(after.messages.map((m) => m.node)).toEqual([null, 'approval_trade_node', null, 'execute_trade_node'])
    } finally {
      await second.stop()
    }
  })

  it('a real process killed with SIGKILL while a thread waits: the restarted one resumes it', async () => {
    const url = pg ? await freshDatabaseUrl() : `sqlite:${join(dir, 'killed.sqlite')}`
    const env = { ...process.env, ...TEST_SECRETS, HITL_API_TOKEN: TOKEN, NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url }
    const launch = () =>
      new Promise<{ child: ChildProcess; base: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
        let err = ''
        child.stderr!.on('data', (b: Buffer) => {
          err += b.toString()
          const m = err.match(/on http:\/\/localhost:(\d+)\//)
          if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` })
        })
        child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)))
      })
    const killed = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve))

    const a = await launch()
    const client = (base: string) => createClient({ baseUrl: base, headers: { Authorization: `Bearer ${TOKEN}` } })
    const created = await sdk.createApprovalThread({ client: client(a.base), body: { thread_id: 'killed-1', message: '포트폴리오 리밸런싱 해줘' } })
    expect(created.data).toMatchObject({ status: 'awaiting_approval', current_node: 'approval_rebalance_node' })
    const gone = killed(a.child)
    a.child.kill('SIGKILL')
    await gone

    const b = await launch()
    try {
      const res = await sdk.approveDecision({ client: client(b.base), body: { thread_id: 'killed-1', decision: 'approved' } })
      expect(res.response.status).toBe(200)
      expect(res.data).toMatchObject({
        graph_completed: true,
        result: {
          status: 'simulated',
          trades: [
            { symbol: '005930', quantity: 20 },
            { symbol: '069500', quantity: 45 },
          ],
        },
      })
    } finally {
      const stopped = killed(b.child)
      b.child.kill('SIGTERM')
      await stopped
    }
  }, 120_000)
})
