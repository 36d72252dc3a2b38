/**
 * Domain rules with known answers: calendar dates (Gregorian leap years), KST dates (UTC+9),
 * scrypt (RFC 7914 §12 test vector), entity recognition, change values and their colours.
 */
import { describe, expect, it } from 'vitest'
import { direction, visualFor } from '../../src/services/findori/cards.js'
import { isCalendarDate, kstDate } from '../../src/services/findori/dates.js'
import { hashPassword, verifyPassword } from '../../src/services/findori/password.js'
import { dedupe } from '../../src/services/findori/pipeline/build-issues.js'
import { changeFromText } from '../../src/services/findori/pipeline/market-data.js'
import { recognise } from '../../src/services/findori/pipeline/recognise.js'

describe('dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2100-02-29', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-00-10', false],
  ])('%s is a calendar date: %s', (d, ok) => expect(isCalendarDate(d)).toBe(ok))

  it('names the feed by the KST calendar date (UTC+9)', () => {
    expect(kstDate(new Date('2026-02-27T14:59:59Z'))).toBe('2026-02-27')
    expect(kstDate(new Date('2026-02-27T15:00:00Z'))).toBe('2026-02-28')
    expect(kstDate(new Date('2026-02-27T13:00:00Z'))).toBe('2026-02-27') // the 22:00 KST run
  })
})

describe('passwords', () => {
  it('verifies scrypt against RFC 7914’s test vector (password / NaCl, N=1024, r=8, p=16)', async () => {
    const dk = Buffer.from(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
      'hex',
    )
    const stored = `scrypt$1024$8$16$${Buffer.from('NaCl').toString('base64url')}$${dk.toString('base64url')}`
    expect(await verifyPassword(stored, 'password')).toBe(true)
    expect(await verifyPassword(stored, 'Password')).toBe(false)
  })

  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('비밀번호-123')
    expect(h).toMatch(/^\$argon2id\$v=19\$/)
    expect(await verifyPassword(h, '비밀번호-123')).toBe(true)
    expect(await verifyPassword(h, '비밀번호-124')).toBe(false)
    expect(await verifyPassword('plain-text', 'plain-text')).toBe(false)
  })
})

describe('entity recognition', () => {
  it('matches the longest name, so SK하이닉스 is not also SK and LG에너지솔루션 not LG', () => {
    expect(
      recognise('SK하이닉스와 LG에너지솔루션 강세')
        .map((e) => e.id)
        .sort(),
    ).toEqual(['000660', '373220'])
  })

  it('recognises names followed by Korean particles and aliases', () => {
    expect(recognise('삼성전자가 하락했고 네이버는 올랐다').map((e) => e.name)).toEqual(['삼성전자', 'NAVER'])
  })

  it('does not read short Latin names inside other words', () => {
    expect(recognise('SKY 캐슬, LGBT, KTX 증편')).toEqual([])
    expect(recognise('KT 주가 상승').map((e) => e.id)).toEqual(['030200'])
  })

  it('falls back to themes when no listed company is named', () => {
    expect(recognise('리튬 가격 반등에 2차전지 강세')).toEqual([{ type: 'sector', id: 'secondary-battery', name: '2차전지', themes: ['2차전지'] }])
  })
})

describe('change values', () => {
  it.each([
    ['삼성전자, 외국인 순매도로 -2.1%', '-2.1%'],
    ['SK하이닉스 3.4% 상승', '+3.4%'],
    ['코스피 1.25% 하락 마감', '-1.3%'],
    ['▲2.0% 급등', '+2.0%'],
    ['지분 5% 취득', null],
  ])('%s → %s', (text, value) => expect(changeFromText(text)).toBe(value))

  it('colours rises red and falls blue (Korean convention), flat grey', () => {
    expect([direction('+3.4%'), direction('-2.1%'), direction('0.0%'), direction('상승'), direction('보합')]).toEqual(['up', 'down', 'flat', 'up', 'flat'])
    expect(visualFor('-2.1%')).toEqual({ bg_from: '#0f172a', bg_via: '#1e3a5f', bg_to: '#0f172a', accent: '#3B82F6' })
    expect(visualFor('+3.4%').accent).toBe('#EF4444')
  })
})

describe('dedupe', () => {
  it('drops the same link (ignoring query and scheme) and the same headline (ignoring spaces and punctuation)', () => {
    const a = (title: string, link: string) => ({ source: 's', title, link, summary: '', publishedAt: null })
    const out = dedupe([
      a('삼성전자, 하락', 'https://x/1'),
      a('다른 제목', 'http://x/1?utm=1'),
      a('삼성전자 하락!', 'https://x/2'),
      a('새 기사', 'https://x/3'),
    ])
    expect(out.map((x) => x.link)).toEqual(['https://x/1', 'https://x/3'])
  })
})
