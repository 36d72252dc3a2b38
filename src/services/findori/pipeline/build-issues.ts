/**
 * From the day's articles to draft issues: duplicates removed (same link, or same headline once
 * spaces and punctuation are ignored), articles grouped per recognised company or theme, the
 * most covered first, each with a cover, a summary and a source card.
 */
import type { Card } from '../../../../generated/findori/sdk/types.gen.js'
import { visualFor } from '../cards.js'
import type { MarketData } from './market-data.js'
import type { Article } from './parse-feed.js'
import { recognise, type Entity } from './recognise.js'

export interface IssueDraft {
  entity: Entity
  title: string
  changeValue: string
  order: number
  tags: string[]
  cards: Card[]
}

const headlineKey = (t: string) => t.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase()
const linkKey = (l: string) =>
  l
    .replace(/^https?:\/\//, '')
    .replace(/[?#].*$/, '')
    .replace(/\/$/, '')

export function dedupe(articles: Article[]): Article[] {
  const links = new Set<string>()
  const heads = new Set<string>()
  const out: Article[] = []
  for (const a of articles) {
    const l = linkKey(a.link)
    const h = headlineKey(a.title)
    if (links.has(l) || heads.has(h)) continue
    links.add(l)
    heads.add(h)
    out.push(a)
  }
  return out
}

export function groupByEntity(articles: Article[]): { entity: Entity; articles: Article[] }[] {
  const groups = new Map<string, { entity: Entity; articles: Article[] }>()
  for (const a of articles) {
    for (const e of recognise(`${a.title} ${a.summary}`)) {
      const key = `${e.type}:${e.id}`
      const g = groups.get(key) ?? { entity: e, articles: [] }
      g.articles.push(a)
      groups.set(key, g)
    }
  }
  // Most covered first; ties by name so two runs over the same articles agree.
  return [...groups.values()].sort((a, b) => b.articles.length - a.articles.length || a.entity.name.localeCompare(b.entity.name))
}

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`)

export async function buildIssues(articles: Article[], feedDate: string, market: MarketData, maxIssues = 10): Promise<IssueDraft[]> {
  const groups = groupByEntity(dedupe(articles)).slice(0, maxIssues)
  const drafts: IssueDraft[] = []
  for (const [i, { entity, articles: group }] of groups.entries()) {
    const change = await market.changeFor(entity, group)
    const visual = visualFor(change.value)
    const lead = group[0]
    const outlets = [...new Set(group.map((a) => a.source))]
    const sources = group.slice(0, 10).map((a) => ({ name: cut(a.source, 100), title: cut(a.title, 300), url: a.link }))
    const summaryBody = group
      .slice(0, 3)
      .map((a) => a.summary || a.title)
      .join(' ')
    const cards: Card[] = [
      {
        id: 1,
        type: 'cover',
        tag: entity.type === 'stock' ? '종목' : '테마',
        title: cut(`${entity.name}\n오늘 ${change.value}`, 100),
        sub: cut(`${lead.title} · ${feedDate}`, 200),
        visual,
      },
      {
        id: 2,
        type: 'summary',
        tag: '요약',
        title: cut(lead.title, 100),
        sub: cut(`기사 ${group.length}건 · ${outlets.join(', ')}`, 200),
        body: cut(`${summaryBody} (${change.note})`, 2000),
        visual,
        sources: sources.slice(0, 3),
      },
      {
        id: 3,
        type: 'source',
        tag: '출처',
        title: `근거 기사 ${sources.length}건`,
        sub: cut(outlets.join(', '), 200),
        visual,
        sources,
      },
    ]
    drafts.push({
      entity,
      title: cut(lead.title.includes(entity.name) ? lead.title : `${entity.name}, ${lead.title}`, 200),
      changeValue: cut(change.value, 32),
      order: i + 1,
      tags: [...new Set(entity.themes)].slice(0, 10).map((t) => cut(t, 30)),
      cards,
    })
  }
  return drafts
}
