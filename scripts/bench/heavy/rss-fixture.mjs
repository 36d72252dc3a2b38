/**
 * A day of Korean market news for the findori pipeline bench: `articles` items over `feeds` feeds
 * (RSS 2.0, one in Atom), generated from a fixed seed so every run parses the same bytes. Titles
 * and bodies are written the way the financial press writes them (a listed company or a theme, a
 * move in per cent, a reason; HTML paragraphs), over the companies the pipeline knows (its own
 * listing), with a few syndicated duplicates (same link with a tracking query, or the same
 * headline on another outlet) the pipeline must fold. Also serves them on loopback (port 0).
 */
import { createServer } from 'node:http'

/** mulberry32: small, seedable, good enough to pick words. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const OUTLETS = ['한국경제', '매일경제', '머니투데이', '이데일리', '서울경제', '파이낸셜뉴스', '아시아경제', '연합인포맥스', '헤럴드경제', '뉴스핌']
const UP_REASONS = ['외국인 순매수', '기관 매수세 유입', '실적 개선 기대', '수주 공시', '목표주가 상향', '자사주 매입 발표', '업황 회복 기대', '신제품 출시']
const DOWN_REASONS = ['외국인 순매도', '차익 실현 매물', '실적 부진 우려', '업황 둔화 우려', '목표주가 하향', '유상증자 부담', '환율 급등', '대주주 지분 매각']
const THEME_LINES = [
  ['반도체', 'HBM 수요 확대에 반도체 장비주 동반 강세'],
  ['2차전지', '리튬 가격 반등, 2차전지 소재주 일제히 상승'],
  ['바이오', '임상 결과 발표 앞두고 바이오주 변동성 확대'],
  ['방산', '폴란드 추가 계약 기대에 방산주 강세'],
  ['조선', 'LNG선 발주 증가, 조선주 신고가 행진'],
  ['원전', 'SMR 협력 소식에 원전 관련주 급등'],
  ['금융', '밸류업 공시 앞두고 은행주 상승세'],
]
const FILLER = [
  '증권가에서는 단기 변동성이 이어질 수 있다는 분석이 나온다.',
  '시장 참가자들은 다음 주 발표될 수출입 지표에 주목하고 있다.',
  '코스피는 이날 장중 한때 2,600선을 회복하기도 했다.',
  '거래대금은 전 거래일보다 크게 늘었다.',
  '업계 관계자는 "하반기 수요 회복이 관건"이라고 말했다.',
  '외국인은 이날 유가증권시장에서 3거래일 만에 순매수로 돌아섰다.',
  '전문가들은 중장기 관점의 접근이 필요하다고 조언했다.',
  '원·달러 환율은 전일 대비 소폭 하락 마감했다.',
]

/** `{ feeds: [{ path, contentType, body }], items, duplicates }`; `stocks` is the pipeline's listing. */
export function generateFixture({ articles = 1000, feeds = 8, stocks, seed = 15 }) {
  const rnd = prng(seed)
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)]
  // The press covers the big names most: the first 80 of the listing (KOSPI 200 order, by size) get most articles.
  const covered = stocks.filter((s) => !s.nameIsWord).slice(0, 80)
  const perFeed = Array.from({ length: feeds }, () => [])
  const made = []
  let duplicates = 0
  for (let i = 0; i < articles; i++) {
    const f = i % feeds
    const outlet = OUTLETS[f % OUTLETS.length]
    const earlier = made.length > 20 && rnd() < 0.05 ? made[Math.floor(rnd() * made.length)] : null
    let item
    if (earlier) {
      // Syndication: the same story again, with a tracking query or on another outlet.
      duplicates++
      item = rnd() < 0.5 ? { ...earlier, link: `${earlier.link}?utm_source=rss&n=${i}` } : { ...earlier, link: `https://news.example/${f}/${i}` }
    } else if (rnd() < 0.15) {
      const [, line] = pick(THEME_LINES)
      item = {
        title: `${line} (${(rnd() * 5).toFixed(1)}% ${rnd() < 0.5 ? '상승' : '하락'})`,
        link: `https://news.example/${f}/${i}`,
        description: `<p>${line}.</p><p>${pick(FILLER)} ${pick(FILLER)}</p>`,
      }
    } else {
      const s = pick(covered)
      const up = rnd() < 0.55
      const pct = (rnd() * (rnd() < 0.1 ? 29.9 : 6)).toFixed(1)
      const reason = pick(up ? UP_REASONS : DOWN_REASONS)
      const other = pick(covered)
      const shapes = [
        `${s.name}, ${reason}에 ${up ? '' : '-'}${pct}% ${up ? '상승' : '하락'}`,
        `[특징주] ${s.name}(${s.code}), ${reason}…${pct}% ${up ? '강세' : '약세'}`,
        `${s.name} ${up ? '목표가 상향' : '목표가 하향'}…"${reason}"`,
        `${s.name}·${other.name} ${up ? '동반 상승' : '동반 하락'}, ${reason}`,
      ]
      item = {
        title: pick(shapes),
        link: `https://news.example/${f}/${i}`,
        description: `<p><b>${s.name}</b> 주가가 ${reason} 영향으로 ${pct}% ${up ? '올랐다' : '내렸다'}.</p><p>${pick(FILLER)} ${pick(FILLER)} ${s.themes.length ? `${s.themes[0]} 업종 전반의 흐름도 영향을 줬다.` : ''}</p><p>${pick(FILLER)}</p>`,
      }
    }
    const minute = Math.floor((i / articles) * 600)
    item = { ...item, outlet, pubDate: new Date(Date.UTC(2026, 2, 2, 0, minute)).toUTCString() }
    made.push(item)
    perFeed[f].push(item)
  }
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const out = perFeed.map((items, f) => {
    const outlet = OUTLETS[f % OUTLETS.length]
    if (f === feeds - 1 && feeds > 1) {
      const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${outlet}</title><id>urn:bench:${f}</id><updated>2026-03-02T10:00:00Z</updated>
${items.map((it, k) => `<entry><title>${esc(it.title)}</title><id>urn:bench:${f}:${k}</id><link href="${esc(it.link)}"/><updated>${new Date(it.pubDate).toISOString()}</updated><summary type="html">${esc(it.description)}</summary></entry>`).join('\n')}
</feed>`
      return { path: `/feed-${f}.atom`, contentType: 'application/atom+xml; charset=utf-8', body, items: items.length }
    }
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${outlet}</title><link>https://news.example/</link><description>${outlet} 증권 뉴스</description>
${items.map((it) => `<item><title>${esc(it.title)}</title><link>${esc(it.link)}</link><description><![CDATA[${it.description}]]></description><pubDate>${it.pubDate}</pubDate></item>`).join('\n')}
</channel></rss>`
    return { path: `/feed-${f}.xml`, contentType: 'application/rss+xml; charset=utf-8', body, items: items.length }
  })
  return { feeds: out, items: articles, duplicates, bytes: out.reduce((n, f) => n + Buffer.byteLength(f.body), 0) }
}

/** Serves the fixture's feeds on 127.0.0.1, port 0; `{ url(path), close() }`. */
export async function serveFixture(fixture) {
  const byPath = new Map(fixture.feeds.map((f) => [f.path, f]))
  const server = createServer((req, res) => {
    const f = byPath.get(new URL(req.url, 'http://x').pathname)
    if (!f) return res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': f.contentType }).end(f.body)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address()
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => {
      server.closeAllConnections()
      return new Promise((r) => server.close(r))
    },
  }
}
