/**
 * The saju spec's examples as the code computes them: the report and luck bodies from the engine
 * (for the request example of the same name, at the example's own report_id and generated_at),
 * and every `signatures.sha256` and `trace_id` recomputed. Used by regen-examples.ts to write
 * them into spec/saju.openapi.yaml and by test/unit/saju/spec-examples.test.ts to keep them so.
 */
import { computeReport, AnnualLuckCalculator, MonthlyLuckCalculator, defaultPolicies } from '../../src/services/saju/engine/index.js'
import type { SajuRequest, AnnualLuckRequest, MonthlyLuckRequest } from '../../src/services/saju/engine/index.js'
import { signatureOf } from '../../src/services/saju/signatures.js'
import { cardsOf, embeddedText } from '../../src/services/saju/chat/cards.js'
import { guardOutput } from '../../src/services/saju/chat/guard.js'
import { examples as generatedExamples } from '../../generated/saju/examples.gen.js'

type Json = Record<string, any>

/** The trace_id of an example: the request's X-Request-Id, or (missing/malformed id) a server-issued one. */
export const EXAMPLE_REQUEST_ID = 'req_01HZX3K9Q7W2M4N8P5R6T1V0YB'
export const EXAMPLE_SERVER_ISSUED_ID = 'req_5f0c2a9e7b3d1f4a6c8e000000000001'

/** The engine's body for one response example of an engine-backed operation (extras such as ads_suggest kept). */
export function engineBody(operationId: string, request: Json, example: Json): Json | null {
  const p = defaultPolicies()
  if (operationId === 'sendChatMessage') return chatBody(request, example, p)
  const now = new Date(example.meta.generated_at)
  const { signatures: _s, entitlements, ads_suggest, ...rest } = example
  void rest
  switch (operationId) {
    case 'createSajuReport': {
      const body: Json = computeReport(request as SajuRequest, { reportId: example.meta.report_id, now, policies: p })
      if (entitlements) body.entitlements = entitlements
      if (ads_suggest) body.ads_suggest = ads_suggest
      return body
    }
    case 'getAnnualLuck':
      return new AnnualLuckCalculator(p).report(request as AnnualLuckRequest, now) as Json
    case 'getMonthlyLuck':
      return new MonthlyLuckCalculator(p).report(request as MonthlyLuckRequest, now) as Json
    default:
      return null
  }
}

export const ENGINE_OPERATIONS = ['createSajuReport', 'getAnnualLuck', 'getMonthlyLuck', 'sendChatMessage']

/**
 * The deep chat example as the embedded writer answers it: the report example's chart (the
 * example's report_id), cards and text from the engine, then LLMGuard; ids, times, balance,
 * upsell and calls to action stay the example's own (they follow the example timeline).
 */
function chatBody(request: Json, example: Json, p: ReturnType<typeof defaultPolicies>): Json {
  const reportRequest = Object.values(generatedExamples.createSajuReport.request.body as Record<string, Json>)[0]
  const now = new Date(example.created_at)
  const report = computeReport(reportRequest as SajuRequest, { reportId: request.report_id, now, policies: p })
  const depth = request.depth ?? 'light'
  const annual = depth === 'deep' ? new AnnualLuckCalculator(p).report({ ...(report.meta.input as any), year: now.getUTCFullYear(), span: 1 }, now) : null
  const cards = cardsOf(report, annual, depth)
  const text = embeddedText(cards, request.message)
  const guarded = guardOutput(text, [reportRequest.name].filter(Boolean), text)
  const { signatures: _s, ...rest } = example
  return { ...rest, cards, llm_text: guarded.text, guard: { passed: guarded.passed, flags: guarded.flags } }
}

/** A body with its trace_id fixed (errors) and its signature recomputed. */
export function finishBody(body: Json, serverIssuedTrace: boolean): Json {
  const { signatures: _s, ...rest } = body
  if ('error_code' in rest) rest.trace_id = serverIssuedTrace ? EXAMPLE_SERVER_ISSUED_ID : EXAMPLE_REQUEST_ID
  return { ...rest, signatures: { sha256: signatureOf(rest) } }
}

/** An error example answers a missing or malformed X-Request-Id (so its trace_id is server-issued). */
export const isRequestIdRefusal = (body: Json) => Array.isArray(body.details) && body.details.some((d: Json) => d.pointer === '/headers/x-request-id')
