/**
 * The SDK package's clients (sdk/src) against the real server over loopback HTTP: each API's
 * credentials, typed errors in the contract's own shape, network failures as errors, saju's
 * automatic X-Request-Id, its Idempotency-Key helper and verifySignature on real answers.
 */
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFindoriClient } from '../../sdk/src/findori.js'
import { createHitlClient } from '../../sdk/src/hitl.js'
import { createOperatorClient, EXPORT_OPERATIONS } from '../../sdk/src/operator.js'
import { ApiError, createOrchestratorClient, NetworkError } from '../../sdk/src/orchestrator.js'
import { canonicalBody, createSajuClient } from '../../sdk/src/saju.js'
import { table as operatorTable } from '../../generated/operator/routes.gen.js'
import { examples as operatorExamples } from '../../generated/operator/examples.gen.js'
import { examples as sajuExamples } from '../../generated/saju/examples.gen.js'
import { contracts } from '../../src/services/index.js'
import { createUser } from '../../src/services/saju/repo.js'
import { issueApiToken } from '../../src/services/saju/security.js'
import type { Server } from '../../src/server.js'
import { TEST_SECRETS, testServer } from '../support/server.js'
import { canonicalize as independentCanonicalize } from '../saju/independent-jcs.js'

let server: Server
let baseUrl: string
beforeAll(async () => {
  server = await testServer({ SAJU_RATE_LIMIT_PER_MIN: '100000' })
  for (const def of contracts) await def.seed?.(server.deps)
  baseUrl = `http://127.0.0.1:${await server.start()}`
})
afterAll(() => server?.stop())

/** A loopback port nobody listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const s = createNetServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const { port } = s.address() as AddressInfo
  await new Promise((resolve) => s.close(resolve))
  return port
}

/** A saju user with a stored API token, as `saju user create` makes one. */
let users = 0
async function sajuUser(plan: 'free' | 'plus' = 'plus', welcome = 3) {
  const id = `u_sdk${++users}_${Math.random().toString(36).slice(2, 8)}`
  await createUser(server.deps.db, id, plan, welcome, server.deps.clock.now())
  return (await issueApiToken(server.deps.db, server.deps.config.secrets.sajuJwtSecret, id, server.deps.clock.now())).token
}

describe('any client', () => {
  it('takes its baseUrl from the caller (a trailing slash is fine) and its token as a value or a function', async () => {
    const orch = createOrchestratorClient({ baseUrl: `${baseUrl}/`, token: async () => TEST_SECRETS.ORCH_ADMIN_TOKEN })
    const r = await orch.getHealth()
    expect(r.error).toBeUndefined()
    expect(r.status).toBe(200)
    expect(r.request.url).toBe(`${baseUrl}/health`)
  })

  it('returns an error answer in the contract shape as a typed ApiError value', async () => {
    const orch = createOrchestratorClient({ baseUrl, token: 'not-the-admin-token' })
    const r = await orch.listNodes()
    expect(r.data).toBeUndefined()
    expect(r.error).toBeInstanceOf(ApiError)
    if (r.error?.kind !== 'api') throw new Error('expected an ApiError')
    expect(r.error.status).toBe(401)
    expect(r.error.body.code).toBe('AUTH_001')
    expect(r.error.body.request_id).toBe(r.error.requestId)
    expect(r.error.message).toBe(`listNodes: HTTP 401: AUTH_001 ${r.error.body.message}`)
  })

  it('turns a dead port into a NetworkError, never an answer without a response', async () => {
    const port = await deadPort()
    const orch = createOrchestratorClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'x' })
    const r = await orch.listNodes()
    expect(r.error).toBeInstanceOf(NetworkError)
    expect(r.error?.kind).toBe('network')
    expect(r.status).toBeUndefined()
    expect(r.error?.message).toBe(`listNodes: no answer from GET http://127.0.0.1:${port}/api/nodes (fetch failed)`)
  })

  it('throws the same error values with throwOnError, and resolves to data otherwise', async () => {
    const orch = createOrchestratorClient({ baseUrl, token: 'wrong', throwOnError: true })
    const thrown = await orch.listNodes().catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(ApiError)
    expect((thrown as ApiError).status).toBe(401)
    const dead = createOrchestratorClient({ baseUrl: `http://127.0.0.1:${await deadPort()}`, throwOnError: true })
    await expect(dead.getHealth()).rejects.toBeInstanceOf(NetworkError)
    const ok = await createOrchestratorClient({ baseUrl, token: TEST_SECRETS.ORCH_ADMIN_TOKEN, throwOnError: true }).listNodes()
    expect(Array.isArray(ok.data.nodes)).toBe(true)
  })

  it('calls an answer outside the contract shape (a proxy page) an UnexpectedResponseError', async () => {
    const proxy = (async () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } })) as typeof fetch
    const r = await createOrchestratorClient({ baseUrl, fetch: proxy }).getHealth()
    expect(r.error?.kind).toBe('unexpected')
    expect(r.status).toBe(502)
    if (r.error?.kind === 'unexpected') expect(r.error.body).toBe('<html>Bad gateway</html>')
  })

  it('requires a baseUrl', () => {
    expect(() => createOrchestratorClient({} as never)).toThrow('baseUrl is required')
  })
})

describe('findori', () => {
  it('keeps the session cookie adminLogin sets (outside a browser) until adminLogout', async () => {
    const findori = createFindoriClient({ baseUrl })
    expect((await findori.listAdminFeeds()).error).toMatchObject({ kind: 'api', status: 401, body: { error: 'unauthorized' } })
    const login = await findori.adminLogin({ body: { password: TEST_SECRETS.FINDORI_ADMIN_PASSWORD } })
    expect(login.status).toBe(200)
    expect(findori.session).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    const feeds = await findori.listAdminFeeds()
    expect(feeds.error).toBeUndefined()
    expect(feeds.request.credentials).toBe('include')
    expect((await findori.adminLogout()).status).toBe(200)
    expect(findori.session).toBeUndefined()
    expect((await findori.listAdminFeeds()).status).toBe(401)
  })

  it('sends a given session, and the cron secret as a bearer token', async () => {
    const login = await createFindoriClient({ baseUrl }).adminLogin({ body: { password: TEST_SECRETS.FINDORI_ADMIN_PASSWORD } })
    const session = /session=([^;]+)/.exec(login.response!.headers.get('set-cookie')!)![1]!
    expect((await createFindoriClient({ baseUrl, session }).getAdminSession()).status).toBe(200)
    const wrongCron = await createFindoriClient({ baseUrl, cronSecret: 'wrong' }).runCronPipeline()
    expect(wrongCron.error).toMatchObject({ kind: 'api', status: 401 })
  })
})

describe('operator', () => {
  it('knows which operations take the export plane credential, as the spec says', () => {
    const byExport = operatorTable.routes.filter((r) => r.security?.some((s) => 'exportBearer' in s)).map((r) => r.operationId)
    expect([...EXPORT_OPERATIONS].sort()).toEqual(byExport.sort())
  })

  it('sends the operator token everywhere and the export token to publishLatestExport', async () => {
    const body = Object.values(operatorExamples.publishLatestExport!.request.body ?? {})[0] as never
    const operatorOnly = createOperatorClient({ baseUrl, token: TEST_SECRETS.OPERATOR_API_TOKEN })
    expect((await operatorOnly.getOpsSummary()).status).toBe(200)
    expect((await operatorOnly.publishLatestExport({ body })).error).toMatchObject({ kind: 'api', status: 401 })
    const both = createOperatorClient({ baseUrl, token: TEST_SECRETS.OPERATOR_API_TOKEN, exportToken: TEST_SECRETS.OPERATOR_EXPORT_TOKEN })
    const published = await both.publishLatestExport({ body })
    expect(published.error).toBeUndefined()
    expect(published.status).toBeGreaterThanOrEqual(200)
    expect(published.status).toBeLessThan(300)
  })
})

describe('hitl', () => {
  it('sends its bearer token and types its error shape', async () => {
    const hitl = createHitlClient({ baseUrl, token: TEST_SECRETS.HITL_API_TOKEN })
    const missing = await hitl.getThread({ path: { thread_id: '00000000-0000-4000-8000-000000000000' } })
    if (missing.error?.kind !== 'api') throw new Error('expected an ApiError')
    expect(missing.error.status).toBe(404)
    expect(missing.error.body.error).toBe('thread_not_found')
    const created = await hitl.createApprovalThread({ body: { message: '삼성전자 10주 76300원에 매수' } })
    expect(created.error).toBeUndefined()
    expect(created.data?.thread_id).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('saju', () => {
  // The spec's example without a profile_id (the other names the demo user's profile).
  const reportBody = () => (sajuExamples.createSajuReport!.request.body as Record<string, unknown>).lunarLeapMonth as never

  it('adds an X-Request-Id to every call, which comes back as the answer id and the error trace_id', async () => {
    const saju = createSajuClient({ baseUrl, token: await sajuUser() })
    const ok = await saju.getEntitlements()
    const sent = ok.request.headers.get('X-Request-Id')!
    expect(sent).toMatch(/^req_[0-9a-f]{32}$/)
    expect(ok.response!.headers.get('X-Request-Id')).toBe(sent)
    const again = await saju.getEntitlements()
    expect(again.request.headers.get('X-Request-Id')).not.toBe(sent)

    const denied = await createSajuClient({ baseUrl, token: 'not-a-jwt', requestId: () => 'req_from_the_caller_01' }).getEntitlements()
    if (denied.error?.kind !== 'api') throw new Error('expected an ApiError')
    expect(denied.error.body.error_code).toBe('E_UNAUTHORIZED')
    expect(denied.error.body.trace_id).toBe('req_from_the_caller_01')
    const own = await saju.getEntitlements({ headers: { 'X-Request-Id': 'req_mine_0000000001' } })
    expect(own.response!.headers.get('X-Request-Id')).toBe('req_mine_0000000001')
  })

  it('verifies real answers: signatures.sha256 (RFC 8785 + SHA-256) and the Ed25519 X-Signature', async () => {
    const saju = createSajuClient({ baseUrl, token: await sajuUser() })
    const r = await saju.createSajuReport({ body: reportBody() })
    expect(r.status).toBe(200)
    const check = await saju.verifySignature(r.data, r.response)
    expect(check).toEqual({ ok: true, intact: true, authentic: true, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) })
    expect(canonicalBody(r.data!)).toBe(independentCanonicalize({ ...r.data!, signatures: undefined }))

    const tampered = { ...r.data!, engine_version: 'forged' }
    expect(await saju.verifySignature(tampered, r.response)).toMatchObject({ ok: false, intact: false, authentic: false })
    expect(await saju.verifySignature(r.data)).toEqual({ ok: true, intact: true })
    const otherSig = r.response!.headers.get('X-Signature')!.replace(/sig="[^"]*"/, `sig="${'A'.repeat(86)}"`)
    expect(await saju.verifySignature(r.data, otherSig)).toMatchObject({ ok: false, intact: true, authentic: false })
    const unknownKey = r.response!.headers.get('X-Signature')!.replace(/keyid="[^"]*"/, 'keyid="0000000000000000"')
    expect(await saju.verifySignature(r.data, unknownKey)).toMatchObject({ ok: false, reason: 'no published Ed25519 key 0000000000000000' })
  })

  it('verifies error bodies too: they are signed the same way', async () => {
    const saju = createSajuClient({ baseUrl, token: 'not-a-jwt' })
    const r = await saju.getEntitlements()
    if (r.error?.kind !== 'api') throw new Error('expected an ApiError')
    expect((await saju.verifySignature(r.error.body, r.error.response)).ok).toBe(true)
  })

  it('withIdempotencyKey sends a call again with the same key after a lost answer, and the server spends once', async () => {
    let calls = 0
    // The first answer is lost on the way back: the server did the work, the caller saw a network failure.
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await fetch(input, init)
      if (++calls === 1 && new Request(input, init).method === 'POST') throw new TypeError('socket hang up')
      return res
    }) as typeof fetch
    const saju = createSajuClient({ baseUrl, token: await sajuUser('plus', 5), fetch: flaky })
    const keys: string[] = []
    const r = await saju.withIdempotencyKey(
      (key) => {
        keys.push(key)
        return saju.consumeTokens({ body: { amount: 2, feature: 'deep_report' }, headers: { 'Idempotency-Key': key } })
      },
      { delayMs: 1 },
    )
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    expect(r.status).toBe(200)
    expect(r.response!.headers.get('Idempotency-Replayed')).toBe('true')
    expect(r.data).toMatchObject({ balance_before: 5, balance_after: 3 })
    expect((await saju.getEntitlements()).data?.deep_tokens).toBe(3)
  })

  it('withIdempotencyKey gives up after its attempts and does not retry a contract refusal', async () => {
    const dead = createSajuClient({ baseUrl: `http://127.0.0.1:${await deadPort()}`, token: 'x' })
    let tries = 0
    const counted =
      <T>(call: () => Promise<T>) =>
      () => {
        tries++
        return call()
      }
    const r = await dead.withIdempotencyKey(counted(dead.getEntitlements), { attempts: 3, delayMs: 1 })
    expect(tries).toBe(3)
    expect(r.error?.kind).toBe('network')
    const refused = createSajuClient({ baseUrl, token: 'not-a-jwt' })
    tries = 0
    await refused.withIdempotencyKey(counted(refused.getEntitlements), { delayMs: 1 })
    expect(tries).toBe(1)
  })
})
