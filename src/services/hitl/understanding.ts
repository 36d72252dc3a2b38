/**
 * "Understand the request" behind one interface: the deterministic parser, optionally preceded
 * by an OpenAI-compatible chat endpoint (HITL_LLM_*). The LLM's answer is checked like user
 * input; when it fails, times out or answers something unusable, the parser decides, so a
 * configured LLM can only add understanding, never take the service down.
 */
import type { Logger } from '../../kit/logger.js'
import { instrumentBySymbol } from './instruments.js'
import { parseRequest } from './parse-request.js'
import type { Intent, Understanding } from './types.js'

export interface RequestUnderstander {
  understand(message: string): Promise<Understanding>
}

export const ruleBasedUnderstander: RequestUnderstander = { understand: async (message) => parseRequest(message) }

const SYSTEM_PROMPT = [
  'You turn a brokerage chat request (Korean or English) into JSON. Answer with one JSON object only:',
  '{"kind":"trading","symbol":"005930","side":"buy"|"sell","quantity":<integer>=1>,"price":<number>0 or null for a market order>}',
  'or {"kind":"rebalance","target_weights":{"<symbol>":<0..1>,...} or null}',
  'or {"kind":"unknown"} when anything needed (instrument, side, quantity, price or "market") is missing. Never guess.',
].join('\n')

const SYMBOL = /^[A-Z0-9][A-Z0-9.-]{0,15}$/

/** Checks an LLM answer as strictly as the API checks a proposal; null when unusable. */
export function intentFromLlm(raw: unknown, message: string): Intent | null {
  if (!raw || typeof raw !== 'object') return null
  const o = raw as Record<string, unknown>
  if (o.kind === 'trading') {
    const { symbol, side, quantity, price } = o
    if (typeof symbol !== 'string' || !SYMBOL.test(symbol)) return null
    if (side !== 'buy' && side !== 'sell') return null
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) return null
    if (price !== null && price !== undefined && !(typeof price === 'number' && price > 0)) return null
    const name = instrumentBySymbol(symbol)?.name
    return {
      kind: 'trading',
      proposal: {
        symbol,
        ...(name ? { name } : {}),
        side,
        quantity,
        ...(typeof price === 'number' ? { price } : {}),
        reason: `사용자 요청: "${message}"`.slice(0, 1000),
      },
    }
  }
  if (o.kind === 'rebalance') {
    const tw = o.target_weights
    if (tw === null || tw === undefined) return { kind: 'rebalance', target_weights: null }
    if (typeof tw !== 'object') return null
    const entries = Object.entries(tw as Record<string, unknown>)
    if (!entries.length || entries.some(([s, w]) => !SYMBOL.test(s) || typeof w !== 'number' || w < 0 || w > 1)) return null
    if (entries.reduce((a, [, w]) => a + (w as number), 0) > 1 + 1e-9) return null
    return { kind: 'rebalance', target_weights: Object.fromEntries(entries) as Record<string, number> }
  }
  return null
}

export function llmUnderstander(opts: { baseUrl: string; apiKey: string | null; model: string; timeoutMs?: number; logger: Logger }): RequestUnderstander {
  return {
    async understand(message) {
      try {
        const res = await fetch(`${opts.baseUrl}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
          body: JSON.stringify({
            model: opts.model,
            temperature: 0,
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: SYSTEM_PROMPT },
              { role: 'user', content: message },
            ],
          }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        })
        if (!res.ok) throw new Error(`LLM answered HTTP ${res.status}`)
        const body = (await res.json()) as { choices?: { message?: { content?: string } }[] }
        const content = body.choices?.[0]?.message?.content
        const intent = content ? intentFromLlm(JSON.parse(content), message) : null
        if (intent) return { ok: true, intent, source: 'llm' }
      } catch (e) {
        opts.logger.warn('hitl: LLM request understanding failed; using the rule-based parser', { error: (e as Error).message })
      }
      return parseRequest(message)
    },
  }
}
