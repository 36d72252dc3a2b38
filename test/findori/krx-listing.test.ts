/**
 * The shipped stock listing (KOSPI 200 + KOSDAQ 150) against known answers from sources other
 * than the one it was taken from: KOSPI 200 names from a second, older constituent file
 * (buminjun/kospi200-signal-bot kospi200.csv, 2025-10-02, the same names for the 190 codes both
 * hold) and KOSDAQ market codes from a KRX-wide listing (odoldotol/PFA, `.KQ` tickers,
 * 2024-05-13); then that recognition finds every listed company by name, and the pipeline's
 * grouping finds companies that only the full listing has.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildIssues } from '../../src/services/findori/pipeline/build-issues.js'
import { LISTED_STOCKS, LISTING_FILE, parseListing } from '../../src/services/findori/pipeline/krx-listing.js'
import { articleMarketData } from '../../src/services/findori/pipeline/market-data.js'
import { recognise } from '../../src/services/findori/pipeline/recognise.js'

const byCode = new Map(LISTED_STOCKS.map((s) => [s.code, s]))

describe('the KRX listing', () => {
  it('holds the whole KOSPI 200 and KOSDAQ 150, each code once', () => {
    expect(LISTED_STOCKS.filter((s) => s.index === 'KOSPI200' && s.market === 'KOSPI')).toHaveLength(200)
    expect(LISTED_STOCKS.filter((s) => s.index === 'KOSDAQ150' && s.market === 'KOSDAQ')).toHaveLength(150)
    expect(LISTED_STOCKS).toHaveLength(350)
    expect(byCode.size).toBe(350)
    expect(new Set(LISTED_STOCKS.map((s) => s.name)).size).toBe(350)
  })

  it('has six-character KRX codes: digits, or letters since 2024 (0126Z0)', () => {
    expect(LISTED_STOCKS.every((s) => /^[0-9][0-9A-Z]{5}$/.test(s.code))).toBe(true)
    expect(LISTED_STOCKS.filter((s) => !/^\d{6}$/.test(s.code)).map((s) => `${s.code} ${s.name}`)).toEqual(['0126Z0 삼성에피스홀딩스'])
  })

  it.each([
    ['005930', '삼성전자'],
    ['000660', 'SK하이닉스'],
    ['012450', '한화에어로스페이스'],
    ['329180', 'HD현대중공업'],
    ['034020', '두산에너빌리티'],
    ['042660', '한화오션'],
    ['003670', '포스코퓨처엠'],
    ['010120', 'LS ELECTRIC'],
    ['033780', 'KT&G'],
    ['383220', 'F&F'],
    ['139130', 'iM금융지주'],
    ['011780', '금호석유화학'],
    ['002380', 'KCC'],
    ['000080', '하이트진로'],
    ['001680', '대상'],
  ])('KOSPI 200: %s is %s', (code, name) => {
    expect(byCode.get(code)).toMatchObject({ name, market: 'KOSPI', index: 'KOSPI200' })
  })

  it.each(['247540', '028300', '086520', '196170', '058470', '068760', '277810', '403870', '214150', '039030', '000250', '263750', '145020', '141080'])(
    'KOSDAQ 150: %s trades on KOSDAQ',
    (code) => expect(byCode.get(code)).toMatchObject({ market: 'KOSDAQ', index: 'KOSDAQ150' }),
  )

  it('names KOSDAQ 150 companies by their KRX short names', () => {
    expect([byCode.get('196170')?.name, byCode.get('247540')?.name, byCode.get('035760')?.name, byCode.get('035900')?.name]).toEqual([
      '알테오젠',
      '에코프로비엠',
      'CJ ENM',
      'JYP Ent.',
    ])
  })

  it('reads the shipped file as written and refuses a malformed one', () => {
    expect(parseListing(readFileSync(LISTING_FILE, 'utf8')).map((s) => s.code)).toEqual(LISTED_STOCKS.map((s) => s.code))
    const head = 'code,name,market,index\n'
    expect(() => parseListing(`${head}5930,삼성전자,KOSPI,KOSPI200`)).toThrow(/bad line 2/)
    expect(() => parseListing(`${head}005930,삼성전자,KOSDAQ,KOSPI200`)).toThrow(/bad line/)
    expect(() => parseListing(`${head}005930,삼성,전자,KOSPI,KOSPI200`)).toThrow(/bad line/)
    expect(() => parseListing('code,name\n005930,삼성전자')).toThrow(/header/)
    expect(parseListing(`# note\n${head}005930,삼성전자,KOSPI,KOSPI200\n`)).toHaveLength(1)
  })
})

describe('recognition over the whole listing', () => {
  it('finds every listed company by its name followed by a particle, and nothing else', () => {
    const wrong = LISTED_STOCKS.filter((s) => !s.nameIsWord)
      .map((s) => ({ s, ids: recognise(`오늘 ${s.name}가 올랐다`).map((e) => e.id) }))
      .filter(({ s, ids }) => ids.length !== 1 || ids[0] !== s.code)
      .map(({ s, ids }) => `${s.code} ${s.name} → ${ids.join(',')}`)
    expect(wrong).toEqual([])
  })

  it('reads names that are everyday words only by their code in brackets', () => {
    expect(recognise('투자 대상으로 동서 간 협력, 테스트 결과')).toEqual([])
    expect(recognise('대상(001680)이 5% 올랐다').map((e) => e.name)).toEqual(['대상'])
    expect(recognise('테스（095610） 급등').map((e) => e.id)).toEqual(['095610'])
  })

  it('recognises a code in brackets beside a name once, and ignores unknown codes', () => {
    expect(recognise('삼성전자(005930)가 하락').map((e) => e.id)).toEqual(['005930'])
    expect(recognise('무명기업(999999) 상한가')).toEqual([])
  })

  it('keeps the hand-kept aliases: 네이버, LS일렉트릭, 금호석유', () => {
    expect(
      recognise('네이버와 LS일렉트릭, 금호석유 강세')
        .map((e) => e.id)
        .sort(),
    ).toEqual(['010120', '011780', '035420'])
  })

  it('groups articles about KOSDAQ 150 companies into issues', async () => {
    const a = (title: string, link: string) => ({ source: '한국경제', title, link, summary: '', publishedAt: null })
    const drafts = await buildIssues(
      [a('알테오젠, 기술수출 기대에 7.2% 상승', 'https://x/1'), a('에코프로비엠 4.1% 하락', 'https://x/2'), a('알테오젠 신고가', 'https://x/3')],
      '2026-03-03',
      articleMarketData,
    )
    expect(drafts.map((d) => [d.entity.id, d.entity.name, d.changeValue, d.order])).toEqual([
      ['196170', '알테오젠', '+7.2%', 1],
      ['247540', '에코프로비엠', '-4.1%', 2],
    ])
  })
})
