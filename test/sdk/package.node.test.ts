/**
 * The SDK as a user installs it: `scripts/sdk/build.ts` builds and `npm pack`s the package, a
 * scratch project in a temp directory (outside src/, no @types/node) installs the tarball
 * offline, compiles with this project's tsc under `strict` and the default lib for ES2022 + DOM
 * (no DOM.Iterable), and runs calls against a real server on port 0 in plain Node.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildSdk, packSdk } from '../../scripts/sdk/build.js'
import { projectRoot } from '../../src/paths.js'
import type { Server } from '../../src/server.js'
import { createUser } from '../../src/services/saju/repo.js'
import { issueApiToken } from '../../src/services/saju/security.js'
import { TEST_SECRETS, testServer } from '../support/server.js'

const work = mkdtempSync(join(tmpdir(), 'sdk-node-'))
const scratch = join(work, 'app')
let server: Server
let tarball: string

/** The scratch project's code: what a frontend developer would write, with compile-time checks of the types. */
const MAIN = `
import { createOrchestratorClient, type NodeList, type DeviceCommand } from '@contract-first/sdk/orchestrator'
import { createSajuClient, type Entitlements } from '@contract-first/sdk/saju'
import { createFindoriClient } from '@contract-first/sdk/findori'
import { createOperatorClient } from '@contract-first/sdk/operator'
import { createHitlClient } from '@contract-first/sdk/hitl'
import { BASE_URL, DEAD_URL, ADMIN_TOKEN, SAJU_TOKEN } from './config.js'

const out: Record<string, unknown> = {}
const orch = createOrchestratorClient({ baseUrl: BASE_URL, token: ADMIN_TOKEN })
const nodes = await orch.listNodes({ query: { limit: 5 } })
const list: NodeList | undefined = nodes.data
out.nodes = list ? { status: nodes.status, isArray: Array.isArray(list.nodes) } : nodes.error?.message

const denied = await createOrchestratorClient({ baseUrl: BASE_URL, token: 'wrong' }).listNodes()
if (denied.error?.kind === 'api') out.denied = { status: denied.error.status, code: denied.error.body.code }

const dead = await createOrchestratorClient({ baseUrl: DEAD_URL }).getHealth()
out.dead = { kind: dead.error?.kind, response: dead.response === undefined, name: dead.error?.name }

const saju = createSajuClient({ baseUrl: BASE_URL, token: SAJU_TOKEN, throwOnError: true })
const ent = await saju.getEntitlements()
const entitlements: Entitlements = ent.data
out.saju = { plan: entitlements.plan, signature: await saju.verifySignature(ent.data, ent.response) }

out.factories = [createFindoriClient, createOperatorClient, createHitlClient].map((f) => typeof f({ baseUrl: BASE_URL }))
console.log(JSON.stringify(out))

/** Never called: compile-time checks that the contract's types reach the user. */
export function typeChecks() {
  // @ts-expect-error a command the contract does not know
  orch.sendDeviceCommand({ path: { device_id: 'device-001x001' }, body: { command: 'dance' } })
  // @ts-expect-error the body is required
  orch.sendDeviceCommand({ path: { device_id: 'device-001x001' } })
  const command: DeviceCommand = 'reboot'
  orch.sendDeviceCommand({ path: { device_id: 'device-001x001' }, body: { command } })
  // @ts-expect-error data is typed, neither any nor never (both would be assignable): Entitlements is not a number
  const wrong: number = ent.data
  // @ts-expect-error baseUrl is required
  createSajuClient({ token: SAJU_TOKEN })
  return wrong
}
`

beforeAll(async () => {
  const pkg = await buildSdk(join(work, 'package'))
  tarball = packSdk(pkg, work)
  server = await testServer()
  const port = await server.start()
  const sajuUser = 'u_sdk_node'
  await createUser(server.deps.db, sajuUser, 'plus', 3, server.deps.clock.now())
  const { token } = await issueApiToken(server.deps.db, server.deps.config.secrets.sajuJwtSecret, sajuUser, server.deps.clock.now())
  mkdirSync(scratch, { recursive: true })
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-frontend', private: true, type: 'module' }))
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', types: [], outDir: 'out' },
      include: ['*.ts'],
    }),
  )
  const dead = await deadUrl()
  writeFileSync(
    join(scratch, 'config.ts'),
    `export const BASE_URL = 'http://127.0.0.1:${port}'\nexport const DEAD_URL = '${dead}'\nexport const ADMIN_TOKEN = '${TEST_SECRETS.ORCH_ADMIN_TOKEN}'\nexport const SAJU_TOKEN = '${token}'\n`,
  )
  writeFileSync(join(scratch, 'main.ts'), MAIN)
}, 240_000)

afterAll(async () => {
  await server?.stop()
  rmSync(work, { recursive: true, force: true })
})

async function deadUrl() {
  const { createServer } = await import('node:net')
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as { port: number }).port
  await new Promise((resolve) => s.close(resolve))
  return `http://127.0.0.1:${port}`
}

it('packs only the built entries, declarations, README and package.json', () => {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n')
  expect(listing.filter((f) => !f.startsWith('package/types/')).sort()).toEqual(
    ['README.md', 'findori.js', 'hitl.js', 'operator.js', 'orchestrator.js', 'package.json', 'saju.js'].map((f) => `package/${f}`),
  )
  expect(listing).toContain('package/types/sdk/src/saju.d.ts')
  expect(listing.some((f) => f.includes('node_modules') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toBe(false)
})

it('installs offline from the tarball, compiles under strict ES2022 + DOM, and runs in Node', async () => {
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: scratch, stdio: 'pipe' })
  expect(readdirSync(join(scratch, 'node_modules', '@contract-first', 'sdk'))).toContain('saju.js')
  // No runtime dependencies: the package brings nothing else into node_modules.
  expect(readdirSync(join(scratch, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@contract-first'])
  execFileSync(join(projectRoot, 'node_modules', '.bin', 'tsc'), ['-p', scratch], { stdio: 'pipe' })
  const stdout = await new Promise<string>((resolve, reject) => {
    // Asynchronously: the server answering these calls runs in this process.
    import('node:child_process').then(({ execFile }) =>
      execFile('node', [join(scratch, 'out', 'main.js')], { cwd: scratch }, (e, out) => (e ? reject(e) : resolve(out))),
    )
  })
  const result = JSON.parse(stdout)
  expect(result.nodes).toEqual({ status: 200, isArray: true })
  expect(result.denied).toEqual({ status: 401, code: 'AUTH_001' })
  expect(result.dead).toEqual({ kind: 'network', response: true, name: 'NetworkError' })
  expect(result.saju.plan).toBe('plus')
  expect(result.saju.signature).toMatchObject({ ok: true, intact: true, authentic: true })
  expect(result.factories).toEqual(['object', 'object', 'object'])
}, 120_000)
