/**
 * Rebalance arithmetic: from holdings, cash and target weights to whole-share orders.
 * Total value V = cash + Σ quantity × price; each symbol's target value is weight × V (a symbol
 * held but not in the targets has weight 0, cash keeps 1 − Σ weights). Sells round UP and buys
 * round DOWN to whole shares: the sells then raise at least what the buys cost, so the plan
 * never needs more cash than the portfolio has (a sell never exceeds the shares held).
 */
import { currencyOf } from './fx.js'
import type { Holding, Portfolio, TargetWeights, TradeLeg } from './types.js'

export class RebalanceInputError extends Error {}

export function portfolioOf(holdings: Holding[], cash: number): Portfolio {
  const total = cash + holdings.reduce((sum, h) => sum + h.quantity * h.price, 0)
  const weights: Record<string, number> = {}
  for (const h of holdings) weights[h.symbol] = total > 0 ? round((h.quantity * h.price) / total, 6) : 0
  return { holdings, cash, total_value: total, weights }
}

export function planRebalance(portfolio: Portfolio, targets: TargetWeights): TradeLeg[] {
  // Values are summed with cash in KRW: a USD-priced holding would be added as if in won.
  const usd = portfolio.holdings.filter((h) => currencyOf(h.symbol) === 'USD').map((h) => h.symbol)
  if (usd.length) throw new RebalanceInputError(`rebalancing holdings priced in USD is not supported (${usd.join(', ')}): list KRX holdings only`)
  const bySymbol = new Map(portfolio.holdings.map((h) => [h.symbol, h]))
  const missing = Object.keys(targets).filter((s) => !bySymbol.has(s) && (targets[s] ?? 0) > 0)
  if (missing.length) throw new RebalanceInputError(`no price for ${missing.join(', ')}: list it in holdings with quantity 0`)
  const sum = Object.values(targets).reduce<number>((a, b) => a + (b ?? 0), 0)
  if (sum > 1 + 1e-9) throw new RebalanceInputError('target weights add up to more than 1')
  const V = portfolio.total_value
  const legs: TradeLeg[] = []
  for (const h of portfolio.holdings) {
    const diff = (targets[h.symbol] ?? 0) * V - h.quantity * h.price
    // Floating error must not turn an exact multiple into one share more or less.
    const shares = round(Math.abs(diff) / h.price, 9)
    if (diff < 0) {
      const quantity = Math.min(Math.ceil(shares), h.quantity)
      if (quantity > 0) legs.push({ symbol: h.symbol, side: 'sell', quantity, price: h.price })
    } else {
      const quantity = Math.floor(shares)
      if (quantity > 0) legs.push({ symbol: h.symbol, side: 'buy', quantity, price: h.price })
    }
  }
  // Sells first: their proceeds pay for the buys.
  return [...legs.filter((l) => l.side === 'sell'), ...legs.filter((l) => l.side === 'buy')]
}

/** Gross value of the orders (what `above_amount` is compared with). */
export const grossAmount = (legs: TradeLeg[]): number | null => {
  let sum = 0
  for (const l of legs) {
    if (l.price === undefined) return null
    sum += l.quantity * l.price
  }
  return sum
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

/** The demo portfolio `make run` seeds and a rebalance without holdings uses. */
export const DEMO_PORTFOLIO = {
  holdings: [
    { symbol: '005930', name: '삼성전자', quantity: 70, price: 76300 },
    { symbol: '069500', name: 'KODEX 200', quantity: 217, price: 34150 },
  ] as Holding[],
  cash: 48450,
  targets: { '005930': 0.3, '069500': 0.7 } as TargetWeights,
}
