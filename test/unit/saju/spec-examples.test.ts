// The spec's examples agree with the code: the report and luck 200 examples are exactly what the
// engine computes for the request example of the same name (at the example's own report_id and
// generated_at), and every signed example carries its real signatures.sha256 and the trace_id
// rule (the request's X-Request-Id). scripts/saju/regen-examples.ts rewrites them when this fails.
import { describe, expect, it } from 'vitest'
import { examples } from '../../../generated/saju/examples.gen.js'
import { ENGINE_OPERATIONS, EXAMPLE_REQUEST_ID, engineBody, finishBody, isRequestIdRefusal } from '../../../scripts/saju/engine-examples.js'
import { parseCallbackQuery, signatureValid } from '../../../src/services/saju/ssv.js'
import { ADMOB_TEST_ONLY_KEY_ID, ADMOB_TEST_ONLY_PUBLIC_KEY } from '../../saju/admob-test-only-key.js'

type Json = Record<string, any>

describe('spec examples agree with the engine', () => {
  for (const op of ENGINE_OPERATIONS) {
    const requests = examples[op].request.body as Record<string, Json>
    for (const [name, example] of Object.entries(examples[op].responses['200'].examples as Record<string, Json>)) {
      it(`${op} 200 "${name}" is the engine's output`, () => {
        const request = requests[name] ?? Object.values(requests)[0]
        expect(example).toEqual(finishBody(engineBody(op, request, example)!, false))
      })
    }
  }

  it('uses the corrected solar-term instants (입동 2026 ≈ 09:52Z, 대설 ≈ 2026-12-07T02:52Z)', () => {
    const m = Object.values(examples.getMonthlyLuck.responses['200'].examples)[0] as Json
    expect(m.solar_term.instant.slice(0, 16)).toBe('2026-11-07T09:52')
    expect(m.ends_at.slice(0, 16)).toBe('2026-12-07T02:52')
  })
})

describe('every signed example is really signed', () => {
  for (const [op, ex] of Object.entries(examples)) {
    for (const [status, r] of Object.entries(ex.responses)) {
      for (const [name, body] of Object.entries(r.examples as Record<string, Json>)) {
        if (!body || typeof body !== 'object' || !('signatures' in body)) continue
        it(`${op} ${status} "${name}"`, () => {
          expect(body).toEqual(finishBody(body, isRequestIdRefusal(body)))
          if ('error_code' in body && !isRequestIdRefusal(body)) expect(body.trace_id).toBe(EXAMPLE_REQUEST_ID)
        })
      }
    }
  }
})

describe('the example timeline is consistent', () => {
  const first = (op: string, status: string) => Object.values(examples[op].responses[status].examples)[0] as Json
  it('the report cites a profile created before it', () => {
    const profile = first('createProfile', '201')
    const report = first('createSajuReport', '200')
    expect(report.meta.profile_id).toBe(profile.profile_id)
    expect(Date.parse(profile.created_at)).toBeLessThan(Date.parse(report.meta.generated_at))
  })
  it('balances follow reward → consume → deep chat', () => {
    const ent = first('getEntitlements', '200')
    const reward = first('rewardTokens', '200')
    const consume = first('consumeTokens', '200')
    const chat = first('sendChatMessage', '200')
    expect(reward.balance).toBe(ent.deep_tokens + reward.granted)
    expect(consume.balance_before).toBe(reward.balance)
    expect(consume.balance_after).toBe(consume.balance_before - consume.amount)
    expect(chat.balance.deep_tokens).toBe(consume.balance_after - chat.consumed.tokens)
    expect(Date.parse(reward.credited_at)).toBeLessThan(Date.parse(consume.consumed_at))
    expect(Date.parse(consume.consumed_at)).toBeLessThan(Date.parse(chat.created_at))
  })
  it('the PDF job is accepted for a plan that includes pdf_report', () => {
    const ent = first('getEntitlements', '200')
    expect(ent.features.pdf_report).toBe(true)
    expect(first('createPdfJob', '201').status).toBe('queued')
  })
})

describe('the reward examples are one ad view, signed by the test-only key', () => {
  const { idempotency_key, receipt } = Object.values(examples.rewardTokens.request.body as Record<string, Json>)[0]
  const verify = (query: string) => {
    const parsed = parseCallbackQuery(query)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parsed.callback.keyId).toBe(String(ADMOB_TEST_ONLY_KEY_ID))
    expect(signatureValid(parsed.callback.content, parsed.callback.signature, ADMOB_TEST_ONLY_PUBLIC_KEY)).toBe(true)
    return parsed.callback
  }

  it("the receipt's signature verifies and its fields are the signed ones", () => {
    const cb = verify(`${receipt.signed_payload}&signature=${receipt.signature}&key_id=${receipt.key_id}`)
    expect(cb.params.get('transaction_id')).toBe(receipt.transaction_id)
    expect(cb.params.get('user_id')).toBe(receipt.user_id)
    expect(cb.params.get('reward_amount')).toBe(String(receipt.reward_amount))
    expect(Number(cb.params.get('timestamp'))).toBe(Date.parse(receipt.issued_at))
    expect(receipt.ad_unit_id.endsWith(`/${cb.params.get('ad_unit')}`)).toBe(true)
  })

  it("AdMob's callback example, sent as a client encodes it, signs the same content", () => {
    const q = examples.receiveAdmobSsv.request.params.query as Record<string, string>
    const query = Object.entries(q)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&')
    const cb = verify(query)
    expect(cb.content).toBe(decodeURIComponent(receipt.signed_payload))
  })

  it('the Idempotency-Key header example is the body key (they must match)', () => {
    expect(examples.rewardTokens.request.params.header['Idempotency-Key']).toBe(idempotency_key)
    expect(first('rewardTokens', '200').idempotency_key).toBe(idempotency_key)
  })
})

const first = (op: string, status: string) => Object.values(examples[op].responses[status].examples)[0] as Json
