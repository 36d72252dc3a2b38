/**
 * Mock sessions through each API's generated SDK: in one session (`X-Mock-Session`) a create
 * makes the resource readable and listable, and `Prefer: scenario=<name>` plays the answers
 * scripted in spec/scenarios/<slug>.yaml, one scenario per API. Sessions do not see each other.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient as findoriClient } from '../../generated/findori/sdk/client/index.js'
import { getPipelineLog, runPipeline } from '../../generated/findori/sdk/index.js'
import { createClient as hitlClient } from '../../generated/hitl/sdk/client/index.js'
import { approveDecision, createApprovalThread, getThread } from '../../generated/hitl/sdk/index.js'
import { examples as hitlExamples } from '../../generated/hitl/examples.gen.js'
import { createClient as operatorClient } from '../../generated/operator/sdk/client/index.js'
import { getOpsSummary, submitDraft } from '../../generated/operator/sdk/index.js'
import { examples as operatorExamples } from '../../generated/operator/examples.gen.js'
import { createClient as orchClient } from '../../generated/orchestrator/sdk/client/index.js'
import { getTask, sendDeviceCommand } from '../../generated/orchestrator/sdk/index.js'
import { createClient as sajuClient } from '../../generated/saju/sdk/client/index.js'
import { createPdfJob, createProfile, deleteProfile, getPdfJob, getProfile, listProfiles } from '../../generated/saju/sdk/index.js'
import { examples as sajuExamples } from '../../generated/saju/examples.gen.js'
import { generateMock } from '../../scripts/codegen/mock.js'
import { findori } from '../../src/services/findori/index.js'
import { hitl } from '../../src/services/hitl/index.js'
import { operator } from '../../src/services/operator/index.js'
import { orchestrator } from '../../src/services/orchestrator/index.js'
import { saju } from '../../src/services/saju/index.js'
import type { Server } from '../../src/server.js'
import { credentialFor } from '../support/credentials.js'
import { inProcessFetch, overHttpFetch, testServer } from '../support/server.js'

let server: Server
let n = 0
const session = () => `test-${process.pid}-${++n}`
const SAJU_HEADERS = () => ({ 'X-Request-Id': `req_${Date.now()}_${++n}_abcdefgh`, 'Idempotency-Key': `idem-${Date.now()}-${++n}` })

beforeAll(async () => {
  server = await testServer({ SERVE_MODE: 'mock' })
})
afterAll(() => server?.stop())

const sajuFor = async (s: string, prefer?: string) =>
  sajuClient({
    baseUrl: 'http://test',
    fetch: inProcessFetch(server),
    headers: { ...(await credentialFor(server, saju, 'bearerAuth')).headers, 'X-Mock-Session': s, ...(prefer ? { Prefer: prefer } : {}) },
  })

describe('stateful mock sessions', () => {
  it('saju: a created profile is readable, listed, and gone once deleted, in its session only', async () => {
    const s = session()
    const client = await sajuFor(s)
    const request = { ...(sajuExamples.createProfile.request.body as any).self, name: '이도윤' }
    const created = await createProfile({ client, headers: SAJU_HEADERS(), body: request })
    expect(created.response.status).toBe(201)
    const id = created.data!.profile_id
    expect(id).not.toBe('3f2b8c1a-5d4e-4b6f-9a7c-2e1d0f9b8a76')
    expect(created.data!.name).toBe('이도윤')

    const read = await getProfile({ client, headers: SAJU_HEADERS(), path: { profile_id: id } })
    expect(read.response.status).toBe(200)
    expect(read.data).toMatchObject({ profile_id: id, name: '이도윤' })

    const listed = await listProfiles({ client, headers: SAJU_HEADERS() })
    expect(listed.data!.items.map((p) => p.profile_id)).toEqual([id])
    expect(listed.data!.stored).toBe(1)

    const other = await getProfile({ client: await sajuFor(session()), headers: SAJU_HEADERS(), path: { profile_id: id } })
    expect(other.response.status).toBe(404)

    expect((await deleteProfile({ client, headers: SAJU_HEADERS(), path: { profile_id: id } })).response.status).toBe(200)
    expect((await deleteProfile({ client, headers: SAJU_HEADERS(), path: { profile_id: id } })).response.status).toBe(404)
    expect((await getProfile({ client, headers: SAJU_HEADERS(), path: { profile_id: id } })).response.status).toBe(404)
  })

  it('Prefer: stateful=true without a session header keys the session by the caller’s credentials', async () => {
    const client = sajuClient({
      baseUrl: 'http://test',
      fetch: inProcessFetch(server),
      headers: { ...(await credentialFor(server, saju, 'bearerAuth')).headers, Prefer: 'stateful=true' },
    })
    const created = await createProfile({ client, headers: SAJU_HEADERS(), body: (sajuExamples.createProfile.request.body as any).self })
    const read = await getProfile({ client, headers: SAJU_HEADERS(), path: { profile_id: created.data!.profile_id } })
    expect(read.response.status).toBe(200)
  })

  it('hitl: a created thread is readable by its new id', async () => {
    const s = session()
    const client = hitlClient({
      baseUrl: 'http://test',
      fetch: inProcessFetch(server),
      headers: { ...(await credentialFor(server, hitl, 'hitlBearer')).headers, 'X-Mock-Session': s },
    })
    const created = await createApprovalThread({ client, body: (hitlExamples.createApprovalThread.request.body as any).tradingMessage })
    expect(created.response.status).toBe(201)
    const id = (created.data as any).thread_id
    const read = await getThread({ client, path: { thread_id: id } })
    expect(read.response.status).toBe(200)
    expect(read.data!.thread_id).toBe(id)
    expect((await getThread({ client, path: { thread_id: '550e8400-e29b-41d4-a716-446655440000' } })).response.status).toBe(404)
  })

  it('the session’s state can be read and forgotten at /__mock/sessions/{session}', async () => {
    const s = session()
    const client = await sajuFor(s)
    await createProfile({ client, headers: SAJU_HEADERS(), body: (sajuExamples.createProfile.request.body as any).self })
    const dump = await (await server.app.request(`/__mock/sessions/${s}`)).json()
    expect(dump.resources.listProfiles).toHaveLength(1)
    expect((await server.app.request(`/__mock/sessions/${s}`, { method: 'DELETE' })).status).toBe(204)
    expect((await (await server.app.request(`/__mock/sessions/${s}`)).json()).resources).toEqual({})
  })

  it('a malformed session name is a 400 in the contract’s shape', async () => {
    const client = await sajuFor('bad session!')
    const { response, error } = await listProfiles({ client, headers: SAJU_HEADERS() })
    expect(response.status).toBe(400)
    expect(error).toMatchObject({ error_code: 'E_BAD_REQUEST' })
  })
})

describe('scenarios (spec/scenarios/*.yaml), one per API', () => {
  it('saju pdf-job: the created job is queued, then rendering, then done, and stays done', async () => {
    const s = session()
    const client = await sajuFor(s, 'scenario=pdf-job')
    const job = await createPdfJob({ client, headers: SAJU_HEADERS(), body: (sajuExamples.createPdfJob.request.body as any).standardA4 })
    expect(job.response.status).toBe(201)
    const id = job.data!.job_id
    const seen = []
    for (let i = 0; i < 4; i++) {
      const polled = await getPdfJob({ client, headers: SAJU_HEADERS(), path: { job_id: id } })
      expect(polled.data!.job_id).toBe(id)
      seen.push(polled.data!.status)
    }
    expect(seen).toEqual(['queued', 'rendering', 'done', 'done'])
  })

  it('orchestrator task-lifecycle: the queued command’s task goes queued → running → completed', async () => {
    const client = orchClient({
      baseUrl: 'http://test',
      fetch: overHttpFetch(server),
      headers: { ...(await credentialFor(server, orchestrator, 'adminBearer')).headers, 'X-Mock-Session': session(), Prefer: 'scenario=task-lifecycle' },
    })
    const sent = await sendDeviceCommand({
      client,
      path: { device_id: 'device-001' },
      body: { command: 'reboot', params: {}, priority: 'high', timeout: 60 } as any,
    })
    expect(sent.response.status).toBe(202)
    const location = sent.response.headers.get('location')!
    const taskId = location.split('/').pop()!
    expect(location).toBe(`/api/tasks/${taskId}`)
    expect(taskId).not.toBe('task-12345')
    const statuses = []
    for (let i = 0; i < 3; i++) {
      const t = await getTask({ client, path: { task_id: taskId } })
      expect(t.data!.id).toBe(taskId)
      statuses.push(t.data!.status)
    }
    expect(statuses).toEqual(['queued', 'running', 'completed'])
  })

  it('findori pipeline-run: a second run answers 409 while the first runs, until its log says success', async () => {
    const cookie = (await credentialFor(server, findori, 'sessionCookie')).headers
    const client = findoriClient({
      baseUrl: 'http://localhost:8000',
      fetch: inProcessFetch(server),
      headers: { ...cookie, Origin: 'http://localhost:8000', 'Sec-Fetch-Site': 'same-origin', 'X-Mock-Session': session(), Prefer: 'scenario=pipeline-run' },
    })
    const first = await runPipeline({ client })
    expect(first.response.status).toBe(202)
    const jobId = (first.data as any).job_id
    expect((await runPipeline({ client })).response.status).toBe(409)
    const logs = []
    for (let i = 0; i < 3; i++) logs.push((await getPipelineLog({ client, path: { id: jobId } })).data!.status)
    expect(logs).toEqual(['running', 'running', 'success'])
    expect((await runPipeline({ client })).response.status).toBe(409)
    expect((await runPipeline({ client })).response.status).toBe(202)
  })

  it('hitl double-approve: the second decision is refused as already decided', async () => {
    const client = hitlClient({
      baseUrl: 'http://test',
      fetch: inProcessFetch(server),
      headers: { ...(await credentialFor(server, hitl, 'hitlBearer')).headers, 'X-Mock-Session': session(), Prefer: 'scenario=double-approve' },
    })
    const body = (hitlExamples.approveDecision.request.body as any).approved
    expect((await approveDecision({ client, body })).response.status).toBe(200)
    const second = await approveDecision({ client, body })
    expect(second.response.status).toBe(409)
    expect(second.error).toMatchObject({ error: 'already_decided' })
  })

  it('operator approval-day: the summary moves to EXECUTED and a second submit is a 409', async () => {
    const client = operatorClient({
      baseUrl: 'http://test',
      fetch: inProcessFetch(server),
      headers: { ...(await credentialFor(server, operator, 'operatorBearer')).headers, 'X-Mock-Session': session(), Prefer: 'scenario=approval-day' },
    })
    expect((await getOpsSummary({ client })).data!.stage).toBe('AWAITING_APPROVAL')
    const body = (operatorExamples.submitDraft.request.body as any).approve
    expect((await submitDraft({ client, body })).response.status).toBe(201)
    expect((await getOpsSummary({ client })).data!.stage).toBe('EXECUTED')
    expect((await submitDraft({ client, body })).response.status).toBe(409)
  })

  it('an unknown scenario is a 400 naming the defined ones', async () => {
    const client = await sajuFor(session(), 'scenario=nope')
    const { response, error } = await listProfiles({ client, headers: SAJU_HEADERS() })
    expect(response.status).toBe(400)
    expect(JSON.stringify(error)).toContain('pdf-job')
  })
})

describe('make gen checks scenario files against the spec', () => {
  // One project-like folder (inside the project, so the generated validators find ajv), reused:
  // each case rewrites its scenario file.
  let root: string | null = null
  const fixture = (yaml: string) => {
    if (!root) {
      mkdirSync(join(process.cwd(), 'test-output'), { recursive: true })
      root = mkdtempSync(join(process.cwd(), 'test-output', 'mock-scenarios-'))
      mkdirSync(join(root, 'spec', 'scenarios'), { recursive: true })
      mkdirSync(join(root, 'generated'))
      symlinkSync(join(process.cwd(), 'generated', 'saju'), join(root, 'generated', 'saju'))
    }
    writeFileSync(join(root, 'spec', 'scenarios', 'saju.yaml'), yaml)
    return root
  }

  it('fails on an answer that breaks the response schema, naming the step and the field', async () => {
    const root = fixture('scenarios:\n  bad:\n    operations:\n      getPdfJob:\n        - example: queued\n          merge: { status: running }\n')
    const problems = await generateMock(root, join(root, 'generated'))
    expect(problems).toEqual([
      expect.stringMatching(/saju\.yaml: scenario bad, getPdfJob answer 1: the answer breaks getPdfJob's 200 response schema: \/status/),
    ])
  })

  it('fails on an unknown operation, status or example', async () => {
    const root = fixture(
      'scenarios:\n  bad:\n    operations:\n      nope: [{status: 200}]\n      getPdfJob:\n        - status: 418\n        - example: missing\n',
    )
    const problems = await generateMock(root, join(root, 'generated'))
    expect(problems.join('\n')).toMatch(/no operation nope/)
    expect(problems.join('\n')).toMatch(/status 418 is not documented for getPdfJob/)
    expect(problems.join('\n')).toMatch(/example missing is not documented for getPdfJob/)
  })

  it('accepts a valid file', async () => {
    const root = fixture('scenarios:\n  ok:\n    operations:\n      getPdfJob:\n        - example: queued\n        - example: done\n')
    expect(await generateMock(root, join(root, 'generated'))).toEqual([])
  })
})
