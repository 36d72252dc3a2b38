/**
 * Starting the process (src/main.ts) on a port another process holds: one line naming the port
 * and what to do, exit status 1, no stack trace and no credentials.
 */
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_SECRETS } from '../support/server.js'

let holder: Server
let port: number
beforeAll(async () => {
  holder = createServer()
  port = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)))
})
afterAll(() => holder?.close())

describe('a port already in use', () => {
  it('stops with one clear line and status 1', async () => {
    const env = {
      ...process.env,
      ...TEST_SECRETS,
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      DATABASE_URL: ':memory:',
      HOST: '127.0.0.1',
      PORT: String(port),
    }
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, timeout: 120_000 }, (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
      )
    })
    expect(code).toBe(1)
    expect(stderr).toContain(`port ${port} is already in use on 127.0.0.1: set PORT to another port\n`)
    expect(stderr).not.toMatch(/^\s+at /m)
    expect(stderr).not.toMatch(/EADDRINUSE|credentials|Bearer/)
  }, 130_000)
})
