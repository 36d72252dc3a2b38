/**
 * Where an issue's change value comes from. The embedded default has no quotes: it reads the
 * change the articles themselves report ("-2.1%", "3.4% 상승") and says so on the card; a real
 * quote feed plugs in through the same interface.
 */
import type { Article } from './parse-feed.js'

export interface ChangeEstimate {
  value: string
  /** Shown on the summary card: where the number came from. */
  note: string
}

export interface MarketData {
  changeFor(entity: { type: string; id: string; name: string }, articles: Article[]): Promise<ChangeEstimate>
}

const UP = /(상승|급등|강세|오름|올라|반등|신고가)/
const DOWN = /(하락|급락|약세|내림|내려|떨어|신저가)/

/** The first percentage an article gives for the entity, signed by its sign or the words around it. */
export function changeFromText(text: string): string | null {
  const m = /([+\-−▲▼△▽])?\s?(\d{1,2}(?:\.\d{1,2})?)\s?%/.exec(text)
  if (!m) return null
  const around = text.slice(Math.max(0, m.index - 12), m.index + m[0].length + 12)
  let sign = m[1] === '-' || m[1] === '−' || m[1] === '▼' || m[1] === '▽' ? '-' : m[1] ? '+' : ''
  if (!sign) sign = DOWN.test(around) ? '-' : UP.test(around) ? '+' : ''
  if (!sign) return null
  return `${sign}${Number(m[2]).toFixed(1)}%`
}

export const articleMarketData: MarketData = {
  async changeFor(entity, articles) {
    for (const a of articles) {
      for (const text of [a.title, a.summary]) {
        if (!text.includes(entity.name) && entity.type === 'stock') continue
        const v = changeFromText(text)
        if (v) return { value: v, note: `등락 값은 시세 데이터가 아니라 기사(${a.source})에 적힌 수치입니다.` }
      }
    }
    const all = articles.map((a) => `${a.title} ${a.summary}`).join(' ')
    const up = (all.match(new RegExp(UP, 'g')) ?? []).length
    const down = (all.match(new RegExp(DOWN, 'g')) ?? []).length
    const value = up > down ? '상승' : down > up ? '하락' : '보합'
    return { value, note: '기사에 등락 수치가 없어 기사 표현으로 방향만 추정했습니다 (시세 데이터 아님).' }
  },
}
