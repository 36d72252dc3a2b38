// POST /chat/send over HTTP: cards from the engine, light answers spending the daily allowance
// (reset at KST midnight), deep answers spending a deep token, LLMGuard on questions and answers,
// and the OpenAI-compatible provider run against a fake on loopback (answer, 500, timeout).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import { createSajuReport, sendChatMessage, getEntitlements } from '../../generated/saju/sdk/index.js'
import { examples } from '../../generated/saju/examples.gen.js'
import { startSaju, rid, type SajuRig } from './harness.js'

const reportBody = () => structuredClone(Object.values(examples.createSajuReport.request.body as any)[0]) as any

async function withReport(rig: SajuRig, plan: 'free' | 'plus' = 'free', tokens = 3) {
  const u = await rig.user(plan, tokens)
  const { profile_id: _p, ...body } = reportBody()
  const r = await createSajuReport({ client: u.client, headers: { 'X-Request-Id': rid() }, body })
  return { ...u, reportId: r.data!.meta.report_id }
}
const chat = (client: ReturnType<SajuRig['client']>, body: any) => sendChatMessage({ client, headers: { 'X-Request-Id': rid() }, body })

describe('with the embedded writer', () => {
  let rig: SajuRig
  beforeAll(async () => {
    rig = await startSaju()
  })
  afterAll(() => rig?.stop())

  it('answers a light question from the report: cards, text, no token spent, one light use', async () => {
    const u = await withReport(rig)
    const { data, response } = await chat(u.client, { message: '제 일간이 뭐예요?', report_id: u.reportId })
    expect(response.status).toBe(200)
    expect(data!.consumed).toEqual({ tokens: 0, depth: 'light' })
    expect(data!.cards[0]).toMatchObject({ type: 'summary' })
    expect(data!.cards[0].bullets!.join(' ')).toContain('일간: 경금(庚金)')
    expect(data!.llm_text).toContain('편관격')
    expect(data!.guard.passed).toBe(true)
    expect(data!.balance).toEqual({ plan: 'free', light_daily_left: 2, deep_tokens: 3 })
    expect(data!.next_cta.length).toBeGreaterThan(0)
  })

  it("spends one deep token on a deep answer with the year's 세운 card, and refuses with 409 when none are left", async () => {
    const u = await withReport(rig, 'free', 1)
    const deep = await chat(u.client, { message: '올해 운이 궁금해요', depth: 'deep', report_id: u.reportId })
    expect(deep.data!.consumed).toEqual({ tokens: 1, depth: 'deep' })
    expect(deep.data!.cards.map((c) => c.type)).toContain('luck')
    expect(deep.data!.balance.deep_tokens).toBe(0)
    expect(deep.data!.upsell).toMatchObject({ show: true, reason: 'low_deep_tokens' })
    const none = await chat(u.client, { message: '더 알려 주세요', depth: 'deep', report_id: u.reportId, session_id: deep.data!.session_id })
    expect(none.response.status).toBe(409)
    expect(none.error).toMatchObject({ error_code: 'E_CONFLICT' })
  })

  it('answers 429 with Retry-After to KST midnight once the light allowance is spent, and resets after it', async () => {
    const u = await withReport(rig)
    for (let i = 0; i < 3; i++) expect((await chat(u.client, { message: `질문 ${i}`, report_id: u.reportId })).response.status).toBe(200)
    const out = await chat(u.client, { message: '하나 더', report_id: u.reportId })
    expect(out.response.status).toBe(429)
    const wait = Number(out.response.headers.get('retry-after'))
    expect(wait).toBe(Math.ceil((Date.parse('2026-11-24T15:00:00Z') - rig.clock.now().getTime()) / 1000))
    rig.clock.advance(wait * 1000)
    expect((await chat(u.client, { message: '자정 뒤', report_id: u.reportId })).response.status).toBe(200)
    rig.clock.t = Date.parse('2026-11-24T02:00:00Z')
  })

  it('blocks a death-date question with 422 before charging anything', async () => {
    const u = await withReport(rig)
    const r = await chat(u.client, { message: '제가 언제 죽을까요?', report_id: u.reportId })
    expect(r.response.status).toBe(422)
    const e = await getEntitlements({ client: u.client, headers: { 'X-Request-Id': rid() } })
    expect(e.data!.light_daily_left).toBe(3)
  })

  it("answers 404 for another user's session or report", async () => {
    const a = await withReport(rig)
    const b = await withReport(rig)
    const first = await chat(a.client, { message: '안녕하세요', report_id: a.reportId })
    expect((await chat(b.client, { message: '안녕', session_id: first.data!.session_id })).response.status).toBe(404)
    expect((await chat(b.client, { message: '안녕', report_id: a.reportId })).response.status).toBe(404)
  })
})

describe('with an OpenAI-compatible provider (loopback fake)', () => {
  let fake: Server
  let mode: 'ok' | 'risky' | 'error' | 'slow' = 'ok'
  let seen: any = null
  let rig: SajuRig
  beforeAll(async () => {
    fake = createServer((req, res) => {
      let raw = ''
      req.on('data', (c) => (raw += c))
      req.on('end', () => {
        seen = { auth: req.headers.authorization, url: req.url, body: JSON.parse(raw) }
        if (mode === 'error') return void res.writeHead(500).end('{"error":"boom"}')
        if (mode === 'slow') return void setTimeout(() => res.writeHead(200).end('{}'), 3000)
        const content =
          mode === 'risky'
            ? '올해는 관성이 강합니다. 이 코인에 투자하면 100% 수익이 납니다. 김하늘님께 연락은 010-9876-5432로.'
            : '모델이 쓴 답: 올해는 관성이 강한 해입니다.'
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }))
      })
    })
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()))
    const port = (fake.address() as import('node:net').AddressInfo).port
    rig = await startSaju({
      SAJU_LLM_BASE_URL: `http://127.0.0.1:${port}/v1`,
      SAJU_LLM_API_KEY: 'sk-test-0123456789',
      SAJU_LLM_MODEL: 'fake-model',
      SAJU_LLM_TIMEOUT_MS: '500',
    })
  })
  afterAll(async () => {
    await rig?.stop()
    fake?.close()
  })

  it("uses the provider's text, sending the model, the key and the cards", async () => {
    mode = 'ok'
    const u = await withReport(rig)
    const r = await chat(u.client, { message: '올해는요?', report_id: u.reportId })
    expect(r.data!.llm_text).toBe('모델이 쓴 답: 올해는 관성이 강한 해입니다.')
    expect(seen).toMatchObject({ auth: 'Bearer sk-test-0123456789', url: '/v1/chat/completions', body: { model: 'fake-model' } })
    expect(seen.body.messages[1].content).toContain('편관격')
  })

  it("passes the provider's answer through LLMGuard (investment certainty rewritten, personal data masked)", async () => {
    mode = 'risky'
    const u = await withReport(rig)
    await rig.server.deps.db
      .insertInto('saju_profiles')
      .values({
        id: crypto.randomUUID(),
        user_id: u.id,
        name: '김하늘',
        birth_dt_local: '1990-05-15T12:00',
        tz: 'Asia/Seoul',
        calendar_type: 'solar',
        is_leap_month: 0,
        zi_hour_mode: 'default',
        unknown_hour: 0,
        regional_correction_minutes: 0,
        gender: 'female',
        relation: 'self',
        memo: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute()
    const r = await chat(u.client, { message: '올해 재물운은?', report_id: u.reportId })
    expect(r.data!.guard.flags).toEqual(expect.arrayContaining(['investment_certainty', 'personal_data_redacted']))
    expect(r.data!.llm_text).not.toMatch(/100%|김하늘|010-9876-5432/)
  })

  it('falls back to the embedded writer on a 500 and on a timeout (flagged), still answering 200', async () => {
    const u = await withReport(rig)
    for (const m of ['error', 'slow'] as const) {
      mode = m
      const r = await chat(u.client, { message: '올해는요?', report_id: u.reportId })
      expect(r.response.status).toBe(200)
      expect(r.data!.guard.flags).toContain('provider_fallback')
      expect(r.data!.llm_text).toContain('원국의 근거로 답합니다')
    }
  })
})
