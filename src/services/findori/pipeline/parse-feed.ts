/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom into plain articles, through feedsmith: maintained, typed, and
 * built on fast-xml-parser with entity processing off, so a DOCTYPE's entities (the "billion
 * laughs") are never expanded. A document that is not a feed throws; the pipeline logs it.
 */
import { parseFeed } from 'feedsmith'

export interface Article {
  source: string
  title: string
  link: string
  summary: string
  publishedAt: string | null
}

const text = (v: unknown): string => {
  if (typeof v === 'string') return v
  if (v && typeof v === 'object' && 'value' in v) return text((v as { value: unknown }).value)
  return ''
}

/** Tags out, whitespace collapsed: summaries arrive as HTML. */
export const plain = (html: string) =>
  html
    // Block tags separate words; inline ones (<b>삼성전자</b>가) do not.
    .replace(/<\/?(p|br|div|li|ul|ol|h\d|tr|td|table|blockquote)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

export function parseArticles(xml: string, source: string): Article[] {
  let parsed: ReturnType<typeof parseFeed>
  try {
    parsed = parseFeed(xml)
  } catch (e) {
    throw new Error(`피드를 해석할 수 없습니다: ${(e as Error).message}`)
  }
  const out: Article[] = []
  if (parsed.format === 'atom') {
    for (const e of parsed.feed.entries ?? []) {
      const link = (e.links ?? []).find((l) => !l.rel || l.rel === 'alternate')?.href ?? ''
      out.push({
        source,
        title: plain(text(e.title)),
        link,
        summary: plain(text(e.summary) || text(e.content)),
        publishedAt: text(e.published) || text(e.updated) || null,
      })
    }
  } else if (parsed.format === 'rss' || parsed.format === 'rdf') {
    for (const i of (parsed.feed as { items?: any[] }).items ?? []) {
      out.push({
        source,
        title: plain(text(i.title)),
        link: text(i.link),
        summary: plain(text(i.description) || text(i.content?.encoded)),
        publishedAt: text(i.pubDate) || text(i.dc?.date) || null,
      })
    }
  } else {
    throw new Error(`RSS·Atom 피드가 아닙니다 (${parsed.format})`)
  }
  return out.filter((a) => a.title && /^https?:\/\//.test(a.link))
}
