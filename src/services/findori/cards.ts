/**
 * Card rules the schema cannot say: card ids unique within an issue and the first card a
 * `cover` (the OG image draws it). And the cover colours, which follow the sign of the change
 * the Korean way: rises red, falls blue (the seed's −2.1% cover is navy with a blue accent).
 */
import type { Card, CardVisual } from '../../../generated/findori/sdk/types.gen.js'

export interface CardProblem {
  pointer: string
  message: string
}

export function cardProblems(cards: readonly Card[]): CardProblem[] {
  const problems: CardProblem[] = []
  if (cards[0]?.type !== 'cover') problems.push({ pointer: '/body/cards_data/0/type', message: '첫 카드는 cover여야 합니다.' })
  const seen = new Set<number>()
  cards.forEach((c, i) => {
    if (seen.has(c.id)) problems.push({ pointer: `/body/cards_data/${i}/id`, message: `카드 id ${c.id}가 중복됩니다.` })
    seen.add(c.id)
  })
  return problems
}

/** The seed's falling cover, and its mirror for rises; flat is slate. */
const VISUALS: Record<'up' | 'down' | 'flat', CardVisual> = {
  down: { bg_from: '#0f172a', bg_via: '#1e3a5f', bg_to: '#0f172a', accent: '#3B82F6' },
  up: { bg_from: '#1f0a0a', bg_via: '#5f1e1e', bg_to: '#1f0a0a', accent: '#EF4444' },
  flat: { bg_from: '#111827', bg_via: '#374151', bg_to: '#111827', accent: '#94A3B8' },
}

/** The direction a change value (`-2.1%`, `+3.4%`, `0.0%`) says. */
export function direction(changeValue: string): 'up' | 'down' | 'flat' {
  const m = /([+\-−])?\s*(\d+(?:\.\d+)?)/.exec(changeValue)
  if (!m) return /상승|급등|강세/.test(changeValue) ? 'up' : /하락|급락|약세/.test(changeValue) ? 'down' : 'flat'
  if (Number(m[2]) === 0) return 'flat'
  return m[1] === '-' || m[1] === '−' ? 'down' : 'up'
}

export const visualFor = (changeValue: string): CardVisual => ({ ...VISUALS[direction(changeValue)] })
