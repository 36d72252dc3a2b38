/**
 * The feed fetcher and parser against a real loopback host serving hostile feeds: every failure
 * is an error with a reason (the pipeline logs it), none hangs or eats memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feedCharset } from '../../src/services/findori/pipeline/decode-feed.js'
import { httpFeedFetcher, isPrivateAddress } from '../../src/services/findori/pipeline/fetch-feed.js'
import { parseArticles } from '../../src/services/findori/pipeline/parse-feed.js'
import { EUC_KR_TITLE, startFixtureHost, type FixtureHost } from './rss-fixtures.js'

let host: FixtureHost
beforeAll(async () => (host = await startFixtureHost()))
afterAll(() => host.close())

const LIMITS = { timeoutMs: 1500, maxBytes: 1024 * 1024, maxRedirects: 3, allowPrivate: true }
const fetcher = httpFeedFetcher(LIMITS)

describe('fetching', () => {
  it('fetches and parses RSS 2.0 and Atom into articles', async () => {
    const rss = parseArticles(await fetcher.fetch(host.url('/hankyung.xml')), '한국경제')
    expect(rss[0]).toEqual({
      source: '한국경제',
      title: '삼성전자, 외국인 순매도에 -2.1% 하락',
      link: 'https://news.example/hk/1',
      summary: '외국인이 사흘째 삼성전자를 팔았다.',
      publishedAt: 'Mon, 02 Mar 2026 15:00:00 +0900',
    })
    const atom = parseArticles(await fetcher.fetch(host.url('/mk.atom')), '매일경제')
    expect(atom.map((a) => a.link)).toEqual(['https://news.example/mk/1', 'https://news.example/mk/2'])
  })

  it('reads EUC-KR feeds in their charset, declared in the XML or in Content-Type', async () => {
    for (const path of ['/euc-kr-declared.xml', '/euc-kr-header.xml']) {
      const [article] = parseArticles(await fetcher.fetch(host.url(path)), '지역신문')
      expect([article.title, article.summary]).toEqual([EUC_KR_TITLE, '반도체 업황 개선'])
    }
  })

  it('follows a redirect within the limit', async () => {
    expect(await fetcher.fetch(host.url('/redirect-once'))).toContain('삼성전자')
  })

  it('stops a redirect loop at the redirect limit', async () => {
    await expect(fetcher.fetch(host.url('/loop'))).rejects.toThrow(/리디렉션이 너무 많습니다/)
  })

  it('cuts a 50 MB feed off at the size limit while streaming', async () => {
    await expect(fetcher.fetch(host.url('/huge.xml'))).rejects.toThrow(/너무 큽니다/)
    await new Promise((r) => setTimeout(r, 100))
    expect(host.hugeBytesSent).toBeLessThan(20 * 1024 * 1024)
  })

  it('cuts off a host trickling a byte a second at the total deadline', async () => {
    const started = Date.now()
    await expect(fetcher.fetch(host.url('/slow.xml'))).rejects.toThrow(/시간 초과/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('reports an unreachable host', async () => {
    await expect(fetcher.fetch('http://127.0.0.1:1/rss')).rejects.toThrow(/연결 실패/)
  })

  it('reports HTTP errors', async () => {
    await expect(fetcher.fetch(host.url('/missing'))).rejects.toThrow('HTTP 404')
  })

  it('refuses loopback and private addresses unless allowed, by IP and by name', async () => {
    const strict = httpFeedFetcher({ ...LIMITS, allowPrivate: false })
    await expect(strict.fetch(host.url('/hankyung.xml'))).rejects.toThrow(/사설·루프백/)
    await expect(strict.fetch(host.url('/hankyung.xml').replace('127.0.0.1', 'localhost'))).rejects.toThrow(/사설·루프백/)
    await expect(strict.fetch('http://10.1.2.3/rss')).rejects.toThrow(/사설·루프백/)
  })

  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0'])
      expect(isPrivateAddress(a), a).toBe(true)
    for (const a of ['8.8.8.8', '211.45.10.1', '2001:4860:4860::8888']) expect(isPrivateAddress(a), a).toBe(false)
  })
})

describe('parsing hostile documents', () => {
  it('refuses bad XML with a reason', async () => {
    expect(() => parseArticles('<rss><channel><item><title>깨진 XML', 's')).toThrow(/피드를 해석할 수 없습니다/)
  })

  it('refuses a document that is not a feed', () => {
    expect(() => parseArticles('<html><body>hello</body></html>', 's')).toThrow(/피드를 해석할 수 없습니다/)
  })

  it('does not expand DOCTYPE entities (billion laughs)', async () => {
    const xml = await fetcher.fetch(host.url('/bomb.xml'))
    const articles = parseArticles(xml, 's')
    const text = JSON.stringify(articles)
    expect(text).not.toContain('lollol')
    expect(text.length).toBeLessThan(10_000)
  })
})

describe('feed charsets', () => {
  it('prefers a byte-order mark, then Content-Type, then the XML declaration, else UTF-8', () => {
    const declared = Buffer.from('<?xml version="1.0" encoding="euc-kr"?><rss/>')
    expect(feedCharset(declared)).toBe('euc-kr')
    expect(feedCharset(declared, 'application/xml; charset="UTF-8"')).toBe('utf-8')
    expect(feedCharset(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), declared]), 'text/xml; charset=euc-kr')).toBe('utf-8')
    expect(feedCharset(Buffer.from('<rss/>'), 'text/xml; charset=CP949')).toBe('euc-kr')
    expect(feedCharset(Buffer.from('<rss/>'), 'text/xml; charset=no-such-charset')).toBe('utf-8')
    expect(feedCharset(Buffer.from('<rss/>'))).toBe('utf-8')
  })
})
