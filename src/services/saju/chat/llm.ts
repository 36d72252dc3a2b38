/**
 * Where chat prose comes from: one interface, two providers. The embedded writer restates the
 * engine's evidence with no outside service; the HTTP provider asks an OpenAI-compatible
 * `/chat/completions` endpoint (SAJU_LLM_BASE_URL, SAJU_LLM_API_KEY, SAJU_LLM_MODEL) with the
 * cards as its only facts. A provider failure (timeout, 5xx, malformed answer) falls back to the
 * embedded text, flagged, rather than failing the user's paid request.
 */
import type { ChatCard } from '../../../../generated/saju/sdk/types.gen.js'
import { embeddedText } from './cards.js'

export interface LlmProvider {
  readonly name: string
  write(input: { question: string; cards: ChatCard[]; depth: 'light' | 'deep' }): Promise<string>
}

export const embeddedWriter: LlmProvider = {
  name: 'embedded',
  write: async ({ question, cards }) => embeddedText(cards, question),
}

export class HttpLlmProvider implements LlmProvider {
  readonly name = 'http'
  constructor(private readonly opts: { baseUrl: string; apiKey: string | null; model: string; timeoutMs: number; fetchImpl?: typeof fetch }) {}

  async write({ question, cards, depth }: { question: string; cards: ChatCard[]; depth: 'light' | 'deep' }): Promise<string> {
    const res = await (this.opts.fetchImpl ?? fetch)(`${this.opts.baseUrl.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}) },
      signal: AbortSignal.timeout(this.opts.timeoutMs),
      body: JSON.stringify({
        model: this.opts.model,
        temperature: 0.3,
        max_tokens: depth === 'deep' ? 700 : 300,
        messages: [
          {
            role: 'system',
            content: '너는 사주 해설가다. 아래 카드의 사실만 근거로 한국어로 답하라. 건강·죽음·소송·투자에 대해 단정하지 말고, 개인정보를 반복하지 마라.',
          },
          { role: 'user', content: `카드: ${JSON.stringify(cards)}\n질문: ${question}` },
        ],
      }),
    })
    if (!res.ok) throw new Error(`LLM provider answered ${res.status}`)
    const data = (await res.json()) as { choices?: { message?: { content?: unknown } }[] }
    const text = data.choices?.[0]?.message?.content
    if (typeof text !== 'string' || !text.trim()) throw new Error('LLM provider answer has no text')
    return text.trim()
  }
}

/** Writes with the provider, falling back to the embedded writer on any failure. */
export async function writeAnswer(
  provider: LlmProvider,
  input: { question: string; cards: ChatCard[]; depth: 'light' | 'deep' },
): Promise<{ text: string; fallback: boolean }> {
  if (provider === embeddedWriter) return { text: await embeddedWriter.write(input), fallback: false }
  try {
    return { text: await provider.write(input), fallback: false }
  } catch {
    return { text: await embeddedWriter.write(input), fallback: true }
  }
}
