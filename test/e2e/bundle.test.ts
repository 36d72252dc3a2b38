/**
 * What `make run` serves is the esbuild bundle (dist/bundle/main.js), not src/: modules that
 * find data files beside themselves, or native addons, work from src/ and can break only there.
 * Builds it (incremental: nothing is redone when it is fresh), starts it on a free port, and
 * asks each service for the work that leans on such files: a saju report (policies, leap
 * seconds), a findori OG image (native resvg, the font package), the operator dashboard.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/paths.js'
import { TEST_SECRETS } from '../support/server.js'

let child: ChildProcess | undefined
let base = ''
let stderr = ''
const dir = mkdtempSync(join(tmpdir(), 'bundle-'))

beforeAll(async () => {
  execFileSync('make', ['--no-print-directory', 'dist/bundle/main.js'], { cwd: projectRoot, stdio: 'ignore', timeout: 240_000 })
  child = spawn(process.execPath, [join(projectRoot, 'dist', 'bundle', 'main.js')], {
    cwd: dir,
    env: {
      ...process.env,
      ...TEST_SECRETS,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'app.sqlite')}`,
      OPERATOR_ARTIFACT_ROOT: join(dir, 'artifacts'),
    },
  })
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving" line in 60 s:\n${stderr}`)), 60_000)
    child!.stderr!.on('data', (d) => {
      stderr += d
      const m = /serving .* on (http:\/\/localhost:\d+)\//.exec(stderr)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child!.on('exit', (code) => reject(new Error(`the bundle exited with ${code}:\n${stderr}`)))
  })
}, 300_000)

afterAll(() => {
  child?.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
})

const printed = (slug: string, scheme: string) => new RegExp(`${slug} ${scheme}: Authorization: (Bearer \\S+)`).exec(stderr)?.[1]

describe('the bundle make run serves', () => {
  it('computes a saju report', async () => {
    const res = await fetch(`${base}/api/v1/report/saju`, {
      method: 'POST',
      headers: {
        Authorization: printed('saju', 'bearerAuth')!,
        'X-Request-Id': 'req-bundle-check-01',
        'Idempotency-Key': 'idem-bundle-check-000001',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ birth_dt_local: '1990-05-15T14:30', tz: 'Asia/Seoul', gender: 'male' }),
    })
    expect(res.status).toBe(200)
    expect((await res.json()).meta.policy_versions).toHaveProperty(['sixty_jiazi.json'])
  })

  it('draws a findori OG image of a published issue', async () => {
    const feed = await (await fetch(`${base}/api/feeds/latest`)).json()
    const day = await (await fetch(`${base}/api/feeds/${feed.date}`)).json()
    const id = day.issues[0].id
    const res = await fetch(`${base}/api/og/issue/${id}`)
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/png'])
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG')
  })

  it('serves the operator dashboard and the docs script', async () => {
    expect((await fetch(`${base}/operator`)).status).toBe(200)
    expect((await fetch(`${base}/docs/assets/redoc.standalone.js`)).status).toBe(200)
  })
})
