/**
 * LLMGuard: the policy every chat answer passes (and every question, first).
 * - No certainties about health, death, lawsuits or investments: a sentence that asserts one
 *   (a certainty word next to one of those topics) is rewritten into a hedged, refer-to-a-
 *   professional sentence (flag `<topic>_certainty`).
 * - No personal data echoed: phone numbers, e-mail addresses, resident registration numbers and
 *   the profile's own name are masked (flag `personal_data_redacted`).
 * - A question asking to predict a death date, or carrying a resident registration number, is
 *   blocked before any writing (422); an answer that still predicts a death after rewriting is
 *   blocked and replaced by the fallback (passed=false, flag `blocked`).
 */
export type GuardTopic = 'health' | 'death' | 'lawsuit' | 'investment'

const TOPICS: Record<GuardTopic, RegExp> = {
  health: /(건강|질병|병(?:에|이|을|은)|암(?:에|이)|수술|완치|치료|진단)/,
  death: /(사망|죽(?:음|는|을|게)|수명|단명|요절)/,
  lawsuit: /(소송|재판|승소|패소|고소|판결)/,
  investment: /(투자|주식|코인|비트코인|부동산|수익률|대박|로또)/,
}
const CERTAIN = /(반드시|확실히|틀림없이|무조건|100\s*%|100퍼센트|분명히|장담|보장|확정적으로|꼭\s)/
const HEDGE: Record<GuardTopic, string> = {
  health: '건강에 관해서는 사주로 단정할 수 없으니, 걱정되는 증상은 의료 전문가와 상담하세요.',
  death: '수명이나 죽음에 관해서는 어떤 예측도 드리지 않습니다.',
  lawsuit: '소송의 결과는 사주로 단정할 수 없으니, 법률 전문가와 상담하세요.',
  investment: '투자 결과는 사주로 단정할 수 없으니, 결정은 본인의 판단과 금융 전문가의 조언에 따르세요.',
}
const PII: [RegExp, string][] = [
  [/\b\d{6}\s*-\s*[1-8]\d{6}\b/g, '[주민등록번호 가림]'],
  [/\b01[016789][-\s.]?\d{3,4}[-\s.]?\d{4}\b/g, '[전화번호 가림]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[이메일 가림]'],
]
const DEATH_QUESTION = /(언제\s*죽|죽는\s*(날|해|시기|나이)|사망\s*(시기|날짜|연도|나이)|몇\s*살(에|까지)\s*(죽|살))/
const RRN = /\b\d{6}\s*-\s*[1-8]\d{6}\b/

export interface GuardResult {
  text: string
  passed: boolean
  flags: string[]
}

/** Checks a question: a reason code when it is blocked, else null. */
export function guardInput(message: string): string | null {
  if (DEATH_QUESTION.test(message)) return 'death_prediction_request'
  if (RRN.test(message)) return 'personal_data_in_question'
  return null
}

// a sentence ends at . ! ? followed by a space or a line end, so decimals such as 46.7 stay whole
const sentences = (text: string) => text.split(/(?<=[.!?。])\s+|\n+/).filter((x) => x.trim())

/** Rewrites or blocks an answer; `names` are the personal names that must not be echoed. */
export function guardOutput(text: string, names: string[], fallback: string): GuardResult {
  const flags = new Set<string>()
  const out: string[] = []
  for (const s of sentences(text)) {
    const topic = (Object.keys(TOPICS) as GuardTopic[]).find((t) => TOPICS[t].test(s))
    if (topic && (CERTAIN.test(s) || topic === 'death')) {
      flags.add(`${topic}_certainty`)
      if (!out.includes(HEDGE[topic])) out.push(HEDGE[topic])
      continue
    }
    out.push(s.trim())
  }
  let result = out.join(' ').trim()
  for (const [re, mask] of PII) {
    const next = result.replace(re, mask)
    if (next !== result) flags.add('personal_data_redacted')
    result = next
  }
  for (const name of names.filter((n) => n && n.trim().length >= 2)) {
    if (result.includes(name)) {
      flags.add('personal_data_redacted')
      result = result.split(name).join('회원')
    }
  }
  if (!result || /(사망|죽)[^.]*(년|세|살)에/.test(result)) return { text: fallback, passed: false, flags: [...flags, 'blocked'] }
  return { text: result, passed: true, flags: [...flags] }
}
