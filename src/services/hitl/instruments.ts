/**
 * The instruments the request parser knows by name (Korean and English) and the reference
 * prices the simulated broker fills market orders at. A demo catalogue, not market data: a
 * limit order carries its own price; a market order on an unknown ticker is simulated unpriced.
 */
export interface Instrument {
  symbol: string
  name: string
  /** Lower-case names a user may type, Korean and English. */
  aliases: string[]
  /** Reference price for simulated market fills (KRW for KRX codes, USD for US tickers). */
  refPrice: number
}

export const INSTRUMENTS: readonly Instrument[] = [
  { symbol: '005930', name: '삼성전자', aliases: ['삼성전자', '삼전', 'samsung electronics', 'samsung'], refPrice: 76300 },
  { symbol: '000660', name: 'SK하이닉스', aliases: ['sk하이닉스', '하이닉스', 'sk hynix', 'hynix'], refPrice: 178000 },
  { symbol: '069500', name: 'KODEX 200', aliases: ['kodex 200', 'kodex200', '코덱스 200', '코덱스200'], refPrice: 34150 },
  { symbol: '035420', name: 'NAVER', aliases: ['naver', '네이버'], refPrice: 187000 },
  { symbol: '035720', name: '카카오', aliases: ['카카오', 'kakao'], refPrice: 41500 },
  { symbol: '005380', name: '현대차', aliases: ['현대차', '현대자동차', 'hyundai motor', 'hyundai'], refPrice: 245000 },
  { symbol: 'AAPL', name: 'Apple', aliases: ['apple', '애플'], refPrice: 190 },
  { symbol: 'MSFT', name: 'Microsoft', aliases: ['microsoft', '마이크로소프트'], refPrice: 415 },
  { symbol: 'NVDA', name: 'NVIDIA', aliases: ['nvidia', '엔비디아'], refPrice: 125 },
  { symbol: 'TSLA', name: 'Tesla', aliases: ['tesla', '테슬라'], refPrice: 245 },
]

const BY_SYMBOL = new Map(INSTRUMENTS.map((i) => [i.symbol, i]))

export const instrumentBySymbol = (symbol: string): Instrument | undefined => BY_SYMBOL.get(symbol)

/** Longest alias first, so "kodex 200" wins over a shorter name inside it. */
export const ALIASES: readonly [string, Instrument][] = INSTRUMENTS.flatMap((i) => i.aliases.map((a) => [a, i] as [string, Instrument])).sort(
  (a, b) => b[0].length - a[0].length,
)
