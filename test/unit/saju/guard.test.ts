// LLMGuard's documented policy, case by case: it rewrites certainties about health, death,
// lawsuits and investments, masks personal data (phone, e-mail, resident numbers, the profile's
// name), blocks questions asking for a death date or carrying a resident number, and blocks an
// answer that still predicts a death.
import { describe, expect, it } from 'vitest'
import { guardInput, guardOutput } from '../../../src/services/saju/chat/guard.js'

const FALLBACK = '근거 카드만 참고하세요.'

describe('LLMGuard input', () => {
  it('blocks a death-date question', () => expect(guardInput('제가 언제 죽을까요?')).toBe('death_prediction_request'))
  it('blocks a question carrying a resident registration number', () =>
    expect(guardInput('제 주민번호 900515-2345678로 봐 주세요')).toBe('personal_data_in_question'))
  it('lets an ordinary question through', () => expect(guardInput('올해 이직 운이 궁금해요')).toBeNull())
})

describe('LLMGuard output', () => {
  it('rewrites an investment certainty into a hedged sentence', () => {
    const r = guardOutput('올해는 재물운이 좋습니다. 이 종목 주식은 반드시 오릅니다.', [], FALLBACK)
    expect(r.passed).toBe(true)
    expect(r.flags).toEqual(['investment_certainty'])
    expect(r.text).toContain('올해는 재물운이 좋습니다.')
    expect(r.text).not.toContain('반드시')
    expect(r.text).toContain('금융 전문가')
  })
  it('rewrites health and lawsuit certainties', () => {
    const r = guardOutput('수술은 확실히 성공합니다. 소송에서 틀림없이 승소합니다.', [], FALLBACK)
    expect(r.flags.sort()).toEqual(['health_certainty', 'lawsuit_certainty'])
    expect(r.text).not.toMatch(/확실히|틀림없이/)
  })
  it('never lets a statement about death through, even hedged', () => {
    const r = guardOutput('수명이 길 것으로 보입니다.', [], FALLBACK)
    expect(r.flags).toEqual(['death_certainty'])
    expect(r.text).toContain('예측도 드리지 않습니다')
  })
  it('masks phone numbers, e-mail addresses and the profile name', () => {
    const r = guardOutput('김하늘님, 010-1234-5678이나 sky@example.com으로 연락하세요.', ['김하늘'], FALLBACK)
    expect(r.flags).toEqual(['personal_data_redacted'])
    expect(r.text).not.toMatch(/김하늘|010-1234-5678|sky@example.com/)
  })
  it('passes a clean answer unchanged', () => {
    const r = guardOutput('편관격으로 책임감이 강한 편입니다.', ['김하늘'], FALLBACK)
    expect(r).toEqual({ text: '편관격으로 책임감이 강한 편입니다.', passed: true, flags: [] })
  })
  it('blocks (fallback, passed=false) an answer that still dates a death', () => {
    const r = guardOutput('', [], FALLBACK)
    expect(r).toEqual({ text: FALLBACK, passed: false, flags: ['blocked'] })
  })
})
