/**
 * A real RSS host on loopback (port 0) serving fixture feeds, including hostile ones: bad XML,
 * an entity bomb, a 50 MB feed, a host trickling a byte a second, a redirect loop, and a feed
 * held open until the test releases it (to keep a pipeline run going).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

const rss = (items: { title: string; link: string; description: string }[]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>fixture</title><link>https://news.example/</link><description>d</description>
${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link><description><![CDATA[${i.description}]]></description><pubDate>Mon, 02 Mar 2026 15:00:00 +0900</pubDate></item>`).join('\n')}
</channel></rss>`

export const HANKYUNG = rss([
  { title: '삼성전자, 외국인 순매도에 -2.1% 하락', link: 'https://news.example/hk/1', description: '<p>외국인이 사흘째 <b>삼성전자</b>를 팔았다.</p>' },
  { title: 'SK하이닉스, HBM 수주 기대에 3.4% 상승', link: 'https://news.example/hk/2', description: 'HBM 공급 계약 기대감.' },
  { title: '삼성전자 외국인 순매도에 -2.1% 하락', link: 'https://news.example/hk/1?utm=dup', description: '같은 기사 (중복)' },
  { title: '리튬 가격 반등, 2차전지 동반 강세', link: 'https://news.example/hk/3', description: '양극재 업체들이 올랐다.' },
])

export const HANKYUNG_LATER = rss([
  { title: '삼성전자, 장 막판 낙폭 줄여 -1.5%', link: 'https://news.example/hk/9', description: '기관 매수 유입.' },
  { title: 'SK하이닉스, HBM 수주 기대에 3.4% 상승', link: 'https://news.example/hk/2', description: 'HBM 공급 계약 기대감.' },
])

export const MK_ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>mk</title><id>urn:mk</id><updated>2026-03-02T06:00:00Z</updated>
<entry><title>삼성전자 목표주가 유지…"수급 부담"</title><id>urn:mk:1</id><link href="https://news.example/mk/1"/><updated>2026-03-02T06:00:00Z</updated><summary>증권가 분석.</summary></entry>
<entry><title>현대차, 미국 판매 호조</title><id>urn:mk:2</id><link href="https://news.example/mk/2"/><updated>2026-03-02T06:00:00Z</updated><summary>판매 증가.</summary></entry>
</feed>`

export const ENTITY_BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>bomb</title><item><title>삼성전자 &lol9;</title><link>https://news.example/bomb</link><description>&lol9;</description></item></channel></rss>`

/**
 * An RSS feed in EUC-KR, as some Korean outlets still serve: the Hangul bytes come from
 * `iconv -t EUC-KR` ("삼성전자, 외국인 매수에 3.4% 상승" / "반도체 업황 개선"), not from the code under test.
 */
const eucKrFeed = (declaration: string) =>
  Buffer.concat([
    Buffer.from(`${declaration}<rss version="2.0"><channel><title>euc-kr</title><item><title>`, 'latin1'),
    Buffer.from('bbefbcbac0fcc0da2c20bfdcb1b9c0ce20b8c5bcf6bfa120332e342520bbf3bdc2', 'hex'),
    Buffer.from('</title><link>https://news.example/euckr/1</link><description>', 'latin1'),
    Buffer.from('b9ddb5b5c3bc20bef7c8b220b0b3bcb1', 'hex'),
    Buffer.from('</description></item></channel></rss>', 'latin1'),
  ])
export const EUC_KR_TITLE = '삼성전자, 외국인 매수에 3.4% 상승'

export interface FixtureHost {
  url(path: string): string
  /** Bytes the 50 MB route actually wrote before the client hung up. */
  hugeBytesSent: number
  /** Lets /hold answer (with the Hankyung feed). */
  release(): void
  /** Replaces the body of a route. */
  set(path: string, body: string): void
  close(): Promise<void>
}

export async function startFixtureHost(): Promise<FixtureHost> {
  const bodies = new Map<string, string>([
    ['/hankyung.xml', HANKYUNG],
    ['/mk.atom', MK_ATOM],
    ['/bad.xml', '<rss><channel><item><title>깨진 XML'],
    ['/not-a-feed.html', '<html><body>hello</body></html>'],
    ['/bomb.xml', ENTITY_BOMB],
  ])
  let releaseHold: () => void = () => {}
  let held = new Promise<void>((r) => (releaseHold = r))
  const state = { hugeBytesSent: 0 }
  const timers = new Set<NodeJS.Timeout>()
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url!, 'http://x').pathname
    if (path === '/loop') {
      res.writeHead(302, { Location: '/loop' }).end()
    } else if (path === '/redirect-once') {
      res.writeHead(301, { Location: '/hankyung.xml' }).end()
    } else if (path === '/huge.xml') {
      // 50 MB in 64 KiB chunks, no Content-Length: the limit must be enforced while streaming.
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' })
      const chunk = Buffer.alloc(65_536, 0x20)
      let left = 50 * 1024 * 1024
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          left -= chunk.length
          state.hugeBytesSent += chunk.length
          if (!res.write(chunk)) return res.once('drain', pump)
        }
        if (!res.destroyed) res.end()
      }
      res.on('close', () => (left = 0))
      pump()
    } else if (path === '/slow.xml') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' })
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('<')), 1000)
      timers.add(t)
      res.on('close', () => clearInterval(t))
    } else if (path === '/euc-kr-declared.xml') {
      // Charset only in the XML declaration.
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(eucKrFeed('<?xml version="1.0" encoding="EUC-KR"?>'))
    } else if (path === '/euc-kr-header.xml') {
      // Charset only in the HTTP header, under the Windows name Korean servers send.
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=ks_c_5601-1987' }).end(eucKrFeed(''))
    } else if (path === '/hold') {
      await held
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(HANKYUNG)
    } else if (bodies.has(path)) {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(bodies.get(path))
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    get hugeBytesSent() {
      return state.hugeBytesSent
    },
    release() {
      releaseHold()
      held = new Promise<void>((r) => (releaseHold = r))
    },
    set: (path, body) => void bodies.set(path, body),
    async close() {
      releaseHold()
      for (const t of timers) clearInterval(t)
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
