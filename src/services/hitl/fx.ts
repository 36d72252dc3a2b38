/**
 * Money in the order's currency and in KRW. `hitl_config`'s `above_amount` is in KRW, while a US
 * order is priced in USD: its amount is converted before the threshold judges it. The rate comes
 * through an interface; the embedded default is the configured rate (HITL_USD_KRW_RATE), and the
 * rate used is kept in the graph state and the approval request, so a decision can be checked later.
 */
import type * as T from '../../../generated/hitl/sdk/types.gen.js'
import type { TradeLeg } from './types.js'

export type Currency = T.Currency
export type FxRate = T.FxRate

export interface ExchangeRates {
  /** KRW per USD now. */
  usdKrw(now: Date): Promise<FxRate>
}

/** A fixed rate from the configuration. */
export const configuredRates = (rate: number): ExchangeRates => ({
  usdKrw: async (now) => ({ pair: 'USD/KRW', rate, source: 'configured', as_of: now.toISOString() }),
})

/** KRX codes (six characters, starting with a digit: 005930, 0001A0) trade in KRW; tickers (AAPL, BRK.B) in USD. */
export const currencyOf = (symbol: string): Currency => (/^[0-9][0-9A-Z]{5}$/.test(symbol) ? 'KRW' : 'USD')

/** What `above_amount` compares, with the order amount in its own currency and the rate used. */
export interface Valuation {
  currency: Currency
  /** In `currency` (KRW when the legs mix currencies); null when a price is unknown (a market order). */
  amount: number | null
  amount_krw: number | null
  /** Null when nothing needed converting. */
  fx_rate: FxRate | null
}

/**
 * Values order legs: each leg's quantity × price, USD legs converted at `rate`. Needs the rate
 * only when a leg is in USD (`rate` is asked lazily so KRW-only orders never wait on it).
 */
export async function valueLegs(legs: Pick<TradeLeg, 'symbol' | 'quantity' | 'price'>[], rate: () => Promise<FxRate>): Promise<Valuation> {
  const currencies = new Set(legs.map((l) => currencyOf(l.symbol)))
  const fx = currencies.has('USD') ? await rate() : null
  return valuation(legs, fx)
}

/** The same with a rate already known (a modified order is valued at the rate its request used). */
export function valuation(legs: Pick<TradeLeg, 'symbol' | 'quantity' | 'price'>[], fx: FxRate | null): Valuation {
  const currencies = new Set(legs.map((l) => currencyOf(l.symbol)))
  const currency: Currency = currencies.size === 1 && currencies.has('USD') ? 'USD' : 'KRW'
  const usd = currencies.has('USD')
  if (usd && !fx) throw new Error('a USD order needs an exchange rate')
  let own = 0
  let krw = 0
  for (const l of legs) {
    if (l.price === undefined) return { currency, amount: null, amount_krw: null, fx_rate: usd ? fx : null }
    const value = l.quantity * l.price
    const inKrw = currencyOf(l.symbol) === 'USD' ? value * fx!.rate : value
    own += currency === 'USD' ? value : inKrw
    krw += inKrw
  }
  return { currency, amount: round2(own), amount_krw: Math.round(krw), fx_rate: usd ? fx : null }
}

const round2 = (x: number) => Math.round(x * 100) / 100
