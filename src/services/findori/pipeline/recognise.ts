/**
 * Which listed companies and themes an article mentions. Names are matched longest first and a
 * matched span is consumed, so "SK하이닉스" is not also "SK", nor "LG에너지솔루션" "LG". Short
 * Latin names (SK, LG, KT, GS, LS) must stand alone, not inside a longer word. A code in
 * brackets, as the press writes it ("대상(001680)"), names its company too: the only way to
 * recognise the few whose name is an everyday word.
 */
import { LISTED_STOCKS, THEMES, type ListedStock } from './krx-listing.js'

export interface Entity {
  type: 'stock' | 'sector'
  id: string
  name: string
  themes: string[]
}

interface Needle {
  text: string
  entity: Entity
  standalone: boolean
}

const stockEntity = (s: ListedStock): Entity => ({ type: 'stock', id: s.code, name: s.name, themes: s.themes })

const NEEDLES: Needle[] = LISTED_STOCKS.flatMap((s) =>
  [...(s.nameIsWord ? [] : [s.name]), ...s.aliases].map((text) => ({ text, entity: stockEntity(s), standalone: /^[A-Za-z&.\s-]{1,4}$/.test(text) })),
).sort((a, b) => b.text.length - a.text.length)

const BY_CODE = new Map(LISTED_STOCKS.map((s) => [s.code, stockEntity(s)]))
const CODE_MENTION = /[(（]\s*A?([0-9][0-9A-Z]{5})\s*[)）]/g

const THEME_ENTITIES = THEMES.map((t) => ({ entity: { type: 'sector' as const, id: t.id, name: t.name, themes: [t.name] }, keywords: t.keywords }))

const isWordChar = (c: string | undefined) => !!c && /[A-Za-z0-9가-힣]/.test(c)

export function recognise(text: string): Entity[] {
  const found = new Map<string, Entity>()
  const taken: boolean[] = []
  for (const n of NEEDLES) {
    let from = 0
    for (;;) {
      const at = text.indexOf(n.text, from)
      if (at < 0) break
      from = at + 1
      const end = at + n.text.length
      if (taken.slice(at, end).some(Boolean)) continue
      // Korean particles follow names directly (삼성전자가), so only Latin short names need a boundary.
      if (n.standalone && (isWordChar(text[at - 1]) || /[A-Za-z0-9]/.test(text[end] ?? ''))) continue
      for (let i = at; i < end; i++) taken[i] = true
      found.set(`stock:${n.entity.id}`, n.entity)
    }
  }
  for (const m of text.matchAll(CODE_MENTION)) {
    const e = BY_CODE.get(m[1])
    if (e) found.set(`stock:${e.id}`, e)
  }
  if (!found.size) {
    for (const t of THEME_ENTITIES) if (t.keywords.some((k) => text.includes(k))) found.set(`sector:${t.entity.id}`, t.entity)
  }
  return [...found.values()]
}
