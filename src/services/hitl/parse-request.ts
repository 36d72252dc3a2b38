/**
 * The deterministic "understand the request" step: Korean and English trade and rebalance
 * requests in, an intent or a refusal with a reason out. It never guesses: a request missing
 * its quantity, its price (or "market"), or naming no known instrument is refused, so a user is
 * asked again rather than sent an order they did not mean.
 *
 *   "삼성전자 131주 76300원에 매수"        → buy 131 005930 @ 76,300
 *   "삼성전자 1000만원어치 76300원에 매수"  → buy 131 005930 @ 76,300 (floor of amount / price)
 *   "sell 10 AAPL at 190" / "at market"  → sell 10 AAPL @ 190 / market (no price)
 *   "005930 30% 069500 70%로 리밸런싱"     → rebalance towards those weights
 */
import { ALIASES, instrumentBySymbol, type Instrument } from './instruments.js'
import type { TargetWeights, Understanding } from './types.js'

const HINTS: Record<string, string> = {
  empty: '요청 내용을 입력해 주세요',
  no_action: '매수/매도 또는 리밸런싱 중 무엇을 할지 알려주세요 (예 "삼성전자 10주 76300원에 매수")',
  ambiguous_side: '매수와 매도 중 하나만 요청해 주세요',
  unknown_instrument: '종목을 알 수 없습니다 - 종목명이나 종목코드를 알려주세요 (예 "삼성전자", "005930", "AAPL")',
  multiple_instruments: '한 번에 한 종목만 주문할 수 있습니다',
  missing_quantity: '수량을 알려주세요 (예 "삼성전자 10주 76300원에 매수")',
  zero_quantity: '수량은 1주 이상이어야 합니다',
  missing_price: '가격(예 "76300원에") 또는 "시장가"를 알려주세요',
  zero_price: '가격은 0보다 커야 합니다',
  ambiguous_price: '지정가와 시장가 중 하나만 알려주세요',
  price_needed_for_amount: '금액으로 주문하려면 가격도 알려주세요 (예 "1000만원어치 76300원에 매수")',
  amount_below_price: '주문 금액이 1주 가격보다 작습니다',
  quantity_and_amount: '수량과 금액 중 하나만 알려주세요',
  weights_over_100: '목표 비중의 합은 100%를 넘을 수 없습니다',
  weight_without_instrument: '각 목표 비중 앞에 종목을 적어 주세요 (예 "005930 30% 069500 70%")',
}

const refuse = (reason: string): Understanding => ({ ok: false, reason, hint: HINTS[reason] })

const num = (s: string) => Number(s.replace(/,/g, ''))
const UNITS: Record<string, number> = { '': 1, 만: 1e4, 백만: 1e6, 천만: 1e7, 억: 1e8 }

const BUY = /매수|사\s?줘|사\s?주세요|살래|사고\s?싶|구매|\bbuy\b/i
const SELL = /매도|팔아|팔래|팔고\s?싶|처분|\bsell\b/i
const REBALANCE = /리밸런싱|리밸런스|재조정|rebalanc/i
const MARKET = /시장가|\bat\s+market\b|\bmarket\s+order\b|\bat\s+the\s+market\b/i
const TICKER_STOP = new Set(['AT', 'OF', 'BUY', 'SELL', 'MARKET', 'SHARES', 'SHARE', 'KRW', 'USD', 'I', 'A', 'THE', 'ORDER', 'PLEASE'])

/** Every instrument the text names: aliases, 6-digit codes (not prices or quantities), uppercase tickers. */
function instrumentsIn(text: string): Instrument[] | null {
  const found = new Map<string, Instrument>()
  // Names are cut out as they are found, so "SK하이닉스" is not read again as the ticker "SK".
  let rest = text
  for (const [alias, inst] of ALIASES) {
    const re = new RegExp(alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi')
    if (re.test(rest)) {
      found.set(inst.symbol, inst)
      rest = rest.replace(re, ' ')
    }
  }
  for (const m of rest.matchAll(/(?<![\d,.@])(\d{6})(?![\d,.]|\s*(?:원|주|%|만|억|won|krw|shares?))/gi)) {
    if (/(?:\bat|@)\s*$/i.test(rest.slice(0, m.index))) continue
    const inst = instrumentBySymbol(m[1])
    if (!inst) return null
    found.set(inst.symbol, inst)
  }
  for (const m of rest.matchAll(/\b([A-Z]{1,5})\b/g)) {
    if (TICKER_STOP.has(m[1])) continue
    const inst = instrumentBySymbol(m[1]) ?? { symbol: m[1], name: m[1], aliases: [], refPrice: 0 }
    found.set(inst.symbol, inst)
  }
  return [...found.values()]
}

function parseTargets(text: string): TargetWeights | null | 'over' | 'orphan' {
  const weights: TargetWeights = {}
  let from = 0
  let any = false
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*%/g)) {
    const segment = text.slice(from, m.index)
    from = m.index + m[0].length
    const named = instrumentsIn(segment)
    if (!named?.length) return 'orphan'
    weights[named[named.length - 1].symbol] = Number(m[1]) / 100
    any = true
  }
  if (!any) return null
  const sum = Object.values(weights).reduce<number>((a, b) => a + (b ?? 0), 0)
  return sum > 1 + 1e-9 ? 'over' : weights
}

export function parseRequest(message: string): Understanding {
  const text = message.replace(/\s+/g, ' ').trim()
  if (!text) return refuse('empty')

  if (REBALANCE.test(text)) {
    const targets = parseTargets(text)
    if (targets === 'over') return refuse('weights_over_100')
    if (targets === 'orphan') return refuse('weight_without_instrument')
    return { ok: true, source: 'rules', intent: { kind: 'rebalance', target_weights: targets } }
  }

  const buy = BUY.test(text)
  const sell = SELL.test(text)
  if (buy && sell) return refuse('ambiguous_side')
  if (!buy && !sell) return refuse('no_action')

  // Amount ("1000만원어치") and price ("76300원에", "at 190") are read first and cut out, so
  // their digits are not taken for a stock code or a quantity.
  let rest = text
  let amount: number | null = null
  const amountMatch = rest.match(/(\d[\d,]*(?:\.\d+)?)\s*(억|천만|백만|만)?\s*원\s*어치/)
  if (amountMatch) {
    amount = num(amountMatch[1]) * UNITS[amountMatch[2] ?? '']
    rest = rest.replace(amountMatch[0], ' ')
  }
  let price: number | null = null
  const krPrice = rest.match(/(\d[\d,]*(?:\.\d+)?)\s*(만)?\s*원/)
  const enPrice = rest.match(/(?:\bat|@)\s*\$?(\d[\d,]*(?:\.\d+)?)/i)
  const priceMatch = krPrice ?? enPrice
  if (priceMatch) {
    price = num(priceMatch[1]) * (krPrice && priceMatch === krPrice ? UNITS[krPrice[2] ?? ''] : 1)
    rest = rest.replace(priceMatch[0], ' ')
  }
  const market = MARKET.test(rest)
  if (market && price !== null) return refuse('ambiguous_price')

  let quantity: number | null = null
  const qtyMatch = rest.match(/(\d[\d,]*)\s*(?:주|shares?\b)/i) ?? rest.match(/\b(?:buy|sell)\s+(\d[\d,]*)\b/i)
  if (qtyMatch) {
    quantity = num(qtyMatch[1])
    rest = rest.replace(qtyMatch[0], ' ')
  }

  const instruments = instrumentsIn(rest)
  if (!instruments || instruments.length === 0) return refuse('unknown_instrument')
  if (instruments.length > 1) return refuse('multiple_instruments')
  const inst = instruments[0]

  if (price !== null && !(price > 0)) return refuse('zero_price')
  if (quantity !== null && amount !== null) return refuse('quantity_and_amount')
  if (quantity === null && amount !== null) {
    if (price === null) return refuse('price_needed_for_amount')
    quantity = Math.floor(amount / price)
    if (quantity < 1) return refuse('amount_below_price')
  }
  if (quantity === null) return refuse('missing_quantity')
  if (!Number.isInteger(quantity) || quantity < 1) return refuse('zero_quantity')
  if (price === null && !market) return refuse('missing_price')

  const proposal = {
    symbol: inst.symbol,
    name: inst.name,
    side: buy ? ('buy' as const) : ('sell' as const),
    quantity,
    ...(price !== null ? { price } : {}),
    reason: `사용자 요청: "${text}"`.slice(0, 1000),
  }
  return { ok: true, source: 'rules', intent: { kind: 'trading', proposal } }
}

export const hintFor = (reason: string) => HINTS[reason] ?? HINTS.no_action
