/**
 * Unit tests with hand-worked answers: the request parser on a table of Korean and English
 * requests (including ones it must refuse), the rebalance arithmetic, and the policy rule.
 */
import { describe, expect, it } from 'vitest'
import { parseRequest } from '../../src/services/hitl/parse-request.js'
import { DEMO_PORTFOLIO, RebalanceInputError, grossAmount, planRebalance, portfolioOf } from '../../src/services/hitl/rebalance.js'
import { needsApproval } from '../../src/services/hitl/policy.js'

describe('parseRequest', () => {
  it.each([
    ['삼성전자 131주 76300원에 매수', { symbol: '005930', side: 'buy', quantity: 131, price: 76300 }],
    ['삼성전자 1000만원어치 76300원에 매수', { symbol: '005930', side: 'buy', quantity: 131, price: 76300 }], // floor(10,000,000 / 76,300) = 131
    ['삼성전자 10주 131,000원에 팔아줘', { symbol: '005930', side: 'sell', quantity: 10, price: 131000 }],
    ['SK하이닉스 3주 시장가 매수', { symbol: '000660', side: 'buy', quantity: 3 }],
    ['069500 5주 34150원에 매도', { symbol: '069500', side: 'sell', quantity: 5, price: 34150 }],
    ['카카오 7주 4만원에 사줘', { symbol: '035720', side: 'buy', quantity: 7, price: 40000 }],
    ['sell 10 AAPL at 190', { symbol: 'AAPL', side: 'sell', quantity: 10, price: 190 }],
    ['sell 10 AAPL at market', { symbol: 'AAPL', side: 'sell', quantity: 10 }],
    ['buy 5 shares of NVDA at $120.5', { symbol: 'NVDA', side: 'buy', quantity: 5, price: 120.5 }],
    ['Buy 2 Tesla @ 245', { symbol: 'TSLA', side: 'buy', quantity: 2, price: 245 }],
  ])('understands "%s"', (message, expected) => {
    const r = parseRequest(message)
    expect(r.ok).toBe(true)
    if (!r.ok || r.intent.kind !== 'trading') throw new Error('not a trade')
    expect(r.intent.proposal).toMatchObject(expected)
    if (!('price' in expected)) expect(r.intent.proposal).not.toHaveProperty('price')
  })

  it.each([
    ['포트폴리오 리밸런싱 해줘', null],
    ['005930 30% 069500 70%로 리밸런싱', { '005930': 0.3, '069500': 0.7 }],
    ['삼성전자 30% KODEX 200 70%로 리밸런싱', { '005930': 0.3, '069500': 0.7 }],
    ['rebalance to AAPL 60% MSFT 40%', { AAPL: 0.6, MSFT: 0.4 }],
  ])('understands the rebalance "%s"', (message, targets) => {
    const r = parseRequest(message)
    expect(r).toMatchObject({ ok: true, intent: { kind: 'rebalance', target_weights: targets } })
  })

  it.each([
    ['', 'empty'],
    ['hello', 'no_action'],
    ['삼성전자 좀 사줘', 'missing_quantity'],
    ['005930 10주 매수', 'missing_price'],
    ['buy 0 AAPL at 10', 'zero_quantity'],
    ['buy 3 AAPL at 0', 'zero_price'],
    ['buy 3 AAPL and 2 MSFT at 100', 'multiple_instruments'],
    ['삼성전자 10주 매수 매도', 'ambiguous_side'],
    ['삼성전자 10주 76300원에 시장가 매수', 'ambiguous_price'],
    ['삼성전자 1000만원어치 매수', 'price_needed_for_amount'],
    ['삼성전자 5만원어치 76300원에 매수', 'amount_below_price'],
    ['좋은 주식 10주 1000원에 매수', 'unknown_instrument'],
    ['005930 70% 069500 70%로 리밸런싱', 'weights_over_100'],
    ['30% 70%로 리밸런싱', 'weight_without_instrument'],
  ])('refuses "%s" (%s) rather than guess', (message, reason) => {
    expect(parseRequest(message)).toMatchObject({ ok: false, reason })
  })
})

describe('planRebalance', () => {
  it('the demo portfolio towards 30/70: sell 20 005930, buy 45 069500 (worked by hand)', () => {
    // V = 70×76,300 + 217×34,150 + 48,450 = 5,341,000 + 7,410,550 + 48,450 = 12,800,000.
    // 005930: 5,341,000 − 0.3V = 1,501,000 over → 1,501,000 / 76,300 = 19.67 → sell 20 (up).
    // 069500: 0.7V − 7,410,550 = 1,549,450 under → / 34,150 = 45.37 → buy 45 (down).
    const p = portfolioOf(DEMO_PORTFOLIO.holdings, DEMO_PORTFOLIO.cash)
    expect(p.total_value).toBe(12_800_000)
    expect(p.weights['005930']).toBeCloseTo(0.417266, 6)
    const legs = planRebalance(p, DEMO_PORTFOLIO.targets)
    expect(legs).toEqual([
      { symbol: '005930', side: 'sell', quantity: 20, price: 76300 },
      { symbol: '069500', side: 'buy', quantity: 45, price: 34150 },
    ])
    // Cash after: 48,450 + 20×76,300 − 45×34,150 = 48,450 + 1,526,000 − 1,536,750 = 37,700 ≥ 0.
    expect(48450 + 20 * 76300 - 45 * 34150).toBe(37_700)
    expect(grossAmount(legs)).toBe(3_062_750)
  })

  it('sells a symbol held but not in the targets entirely, and keeps the rest as cash', () => {
    // V = 10×1,000 + 5×2,000 = 20,000; A → 50% = 10,000 (no trade), B → 0 (sell all 5).
    const p = portfolioOf(
      [
        { symbol: '000010', quantity: 10, price: 1000 },
        { symbol: '000020', quantity: 5, price: 2000 },
      ],
      0,
    )
    expect(planRebalance(p, { '000010': 0.5 })).toEqual([{ symbol: '000020', side: 'sell', quantity: 5, price: 2000 }])
  })

  it('an exact multiple is not rounded into an extra share', () => {
    // V = 3×100 + 0 = 300 → 1/3 each of A and C = 100: sell 2 A, buy 1 C (no float drift).
    const p = portfolioOf(
      [
        { symbol: '000010', quantity: 3, price: 100 },
        { symbol: '000030', quantity: 0, price: 100 },
      ],
      0,
    )
    expect(planRebalance(p, { '000010': 1 / 3, '000030': 1 / 3 })).toEqual([
      { symbol: '000010', side: 'sell', quantity: 2, price: 100 },
      { symbol: '000030', side: 'buy', quantity: 1, price: 100 },
    ])
  })

  it('refuses holdings priced in USD (their value would be summed with won)', () => {
    const p = portfolioOf(
      [
        { symbol: 'AAPL', quantity: 1, price: 190 },
        { symbol: '005930', quantity: 1, price: 76300 },
      ],
      0,
    )
    expect(() => planRebalance(p, { '005930': 1 })).toThrow(/USD is not supported \(AAPL\)/)
  })

  it('refuses a target without a price and weights above 100%', () => {
    const p = portfolioOf([{ symbol: '000010', quantity: 1, price: 100 }], 0)
    expect(() => planRebalance(p, { '000090': 0.5 })).toThrow(RebalanceInputError)
    expect(() => planRebalance(p, { '000010': 0.7, '000090': 0.0, '000020': 0.4 } as any)).toThrow(RebalanceInputError)
  })
})

describe('needsApproval', () => {
  const cfg = (trade: any) => ({ trade, rebalance: 'always' as const })
  it.each([
    ['always', 1, true],
    ['never', 1e12, false],
    [{ above_amount: 1000 }, 1000, false],
    [{ above_amount: 1000 }, 1000.01, true],
    [{ above_amount: 1000 }, null, true],
  ])('%j with amount %s → %s', (policy, amount, expected) => {
    expect(needsApproval(cfg(policy), 'trade', amount)).toBe(expected)
  })
})
