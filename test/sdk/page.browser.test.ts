/**
 * The SDK in a real browser: a page bundled by esbuild from test/sdk/page/app.ts, served from
 * its own loopback origin, calls the mock server (SERVE_MODE=mock, port 0) across origins from
 * Debian's chromium (playwright-core). Asserts what the page shows; screenshot in test-output/sdk/.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { projectRoot } from '../../src/paths.js'
import type { Server } from '../../src/server.js'
import { saju } from '../../src/services/saju/index.js'
import { signingKeyFrom } from '../../src/services/saju/signing-key.js'
import { credentialFor } from '../support/credentials.js'
import { TEST_SECRETS, testServer } from '../support/server.js'

const shots = join(projectRoot, 'test-output', 'sdk')
let browser: Browser
let mock: Server
let page: HttpServer
let pageUrl: string

const listen = (s: HttpServer) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)))

beforeAll(async () => {
  execFileSync(join(projectRoot, 'scripts', 'dev', 'ensure-chromium.sh'), { stdio: 'inherit' })
  mkdirSync(shots, { recursive: true })
  mock = await testServer({ SERVE_MODE: 'mock' })
  const api = `http://127.0.0.1:${await mock.start()}`
  const sajuToken = (await credentialFor(mock, saju, 'bearerAuth')).headers.Authorization!.replace(/^Bearer /, '')
  const dead = createHttpServer()
  const deadPort = await listen(dead)
  await new Promise((resolve) => dead.close(resolve))

  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'page', 'app.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  })
  const signingKey = signingKeyFrom(TEST_SECRETS.SAJU_SIGNING_KEY).jwk
  const config = { api, dead: `http://127.0.0.1:${deadPort}`, adminToken: TEST_SECRETS.ORCH_ADMIN_TOKEN, sajuToken, signingKey }
  const html = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>SDK page</title>
<style>body{font:15px sans-serif;margin:24px;max-width:760px}dt{font-weight:bold;margin-top:12px}dd{margin:4px 0 0 0;white-space:pre-wrap;font-family:monospace}</style></head>
<body><h1>@contract-first/sdk</h1><dl>
<dt>orchestrator · listNodes</dt><dd id="nodes">…</dd>
<dt>orchestrator · getNode (Prefer: code=404)</dt><dd id="missing">…</dd>
<dt>orchestrator · getHealth on a dead port</dt><dd id="dead">…</dd>
<dt>saju · createSajuReport</dt><dd id="pillars">…</dd>
<dt>saju · X-Request-Id (automatic)</dt><dd id="request-id">…</dd>
<dt>saju · verifySignature</dt><dd id="signature">…</dd>
<dt>saju · verifySignature on a forged copy</dt><dd id="forged">…</dd>
<dd id="fatal"></dd></dl>
<script>const CONFIG = ${JSON.stringify(config)}</script>
<script type="module">${bundle.outputFiles[0]!.text.replace(/<\/script/g, '<\\/script')}</script></body></html>`
  page = createHttpServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html))
  pageUrl = `http://127.0.0.1:${await listen(page)}/`

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => (page ? page.close(resolve) : resolve(undefined)))
  await mock?.stop()
})

it('shows what the mock answers, a typed 404, a dead server and a verified saju signature', async () => {
  const tab = await browser.newPage({ viewport: { width: 820, height: 640 } })
  const errors: string[] = []
  tab.on('pageerror', (e) => errors.push(e.message))
  await tab.goto(pageUrl)
  await tab.waitForSelector('body[data-done="true"]')
  const text = (id: string) => tab.textContent(`#${id}`)
  expect(await text('fatal')).toBe('')
  expect(await text('nodes')).toMatch(/^node-\S+ · .+ · (online|offline)/)
  expect(await text('missing')).toMatch(/^404 RES_\d{3} /)
  expect(await text('dead')).toBe('NetworkError (network), response: undefined')
  expect(await text('pillars')).toMatch(/^[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]\(.{2}\) · /)
  expect(await text('request-id')).toMatch(/^req_[0-9a-f]{32}$/)
  expect(await text('signature')).toBe(`서명 확인: sha256 일치, Ed25519 키 ${signingKeyFrom(TEST_SECRETS.SAJU_SIGNING_KEY).kid}`)
  expect(await text('forged')).toBe('위조 발견: signatures.sha256 does not match the body')
  await tab.screenshot({ path: join(shots, 'page.png'), fullPage: true })
  expect(errors).toEqual([])
  await tab.close()
})
