/**
 * OG images: a real 1200×630 PNG drawn from the cover card with the embedded Korean font, served
 * with ETag/Cache-Control, 304 on If-None-Match, rendered once per content. Pictures are saved
 * under test-output/findori/ for a person to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '../../generated/findori/sdk/index.js'
import type { Card } from '../../generated/findori/sdk/types.gen.js'
import { visualFor } from '../../src/services/findori/cards.js'
import { renderOgPng } from '../../src/services/findori/og/render.js'
import { OgCache, ogEtag } from '../../src/services/findori/og/og-cache.js'
import { projectRoot } from '../../src/paths.js'
import { startFindori, type Running } from './harness.js'
import { PNG_SIGNATURE, decodePng, differingPixels, ihdr } from './png.js'

const outDir = join(projectRoot, 'test-output', 'findori')
mkdirSync(outDir, { recursive: true })

const cover = (title: string, change = '-2.1%'): Card => ({
  id: 1,
  type: 'cover',
  tag: '속보',
  title,
  sub: '외국인 순매도 · 2026-02-27',
  visual: visualFor(change),
})
const render = async (title: string, change = '-2.1%') => Buffer.from(await renderOgPng({ cover: cover(title, change), entityName: 'x', changeValue: change }))
// The title block sits in the middle band of the card (see og/render.ts layout).
const TITLE_AREA = { x: 80, y: 170, w: 1040, h: 290 }

describe('rendering', () => {
  it('draws a 1200×630 PNG', async () => {
    const png = await render('삼성전자\n오늘 -2.1%')
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
    expect(ihdr(png)).toMatchObject({ width: 1200, height: 630 })
    writeFileSync(join(outDir, 'og-samsung.png'), png)
  })

  it('draws two different Korean titles of the same length differently in the title area', async () => {
    const a = decodePng(await render('삼성전자\n오늘 하락'))
    const b = decodePng(await render('현대차량\n내일 상승'))
    expect(differingPixels(a, b, TITLE_AREA)).toBeGreaterThan(2000)
  })

  it('draws Hangul with real glyphs, not the font’s missing-glyph boxes', async () => {
    // U+E000… are private-use code points no font maps: they render as .notdef (or nothing).
    // Hangul that fell back to .notdef would look exactly the same.
    const hangul = decodePng(await render('삼성전자'))
    const missing = decodePng(await render('\uE000\uE001\uE002\uE003'))
    expect(differingPixels(hangul, missing, TITLE_AREA)).toBeGreaterThan(2000)
  })

  it('colours the card by the sign of the change: red for rises, blue for falls', async () => {
    const up = decodePng(await render('SK하이닉스\n오늘 +3.4%', '+3.4%'))
    const down = decodePng(await render('삼성전자\n오늘 -2.1%', '-2.1%'))
    writeFileSync(join(outDir, 'og-rise.png'), await render('SK하이닉스\n오늘 +3.4%', '+3.4%'))
    const px = (img: typeof up, x: number, y: number) => [...img.pixels.subarray((y * img.width + x) * img.channels, (y * img.width + x) * img.channels + 3)]
    const [ur, , ub] = px(up, 600, 320)
    const [dr, , db] = px(down, 600, 320)
    expect(ur).toBeGreaterThan(ub)
    expect(db).toBeGreaterThan(dr)
  })
})

describe('render cache', () => {
  it('renders once for many concurrent requests of the same image, again for a changed cover', async () => {
    const cache = new OgCache()
    const input = { cover: cover('삼성전자\n오늘 -2.1%'), entityName: '삼성전자', changeValue: '-2.1%' }
    const pngs = await Promise.all(Array.from({ length: 20 }, () => cache.get(ogEtag(input), input)))
    expect(cache.renders).toBe(1)
    expect(new Set(pngs).size).toBe(1)
    const edited = { ...input, cover: cover('삼성전자\n오늘 -2.5%') }
    expect(ogEtag(edited)).not.toBe(ogEtag(input))
    await cache.get(ogEtag(edited), edited)
    expect(cache.renders).toBe(2)
  })
})

describe('over HTTP', () => {
  let f: Running
  beforeAll(async () => (f = await startFindori()))
  afterAll(() => f.stop())
  const ID = '3f6c2a1e-8b4d-4c7a-9e21-5d8f0b6a7c13'

  it('serves the published issue’s image with caching headers, 304 on a matching If-None-Match, same bytes on every request', async () => {
    const first = await sdk.getIssueOgImage({ client: f.client, path: { id: ID }, parseAs: 'arrayBuffer' })
    expect(first.response.status).toBe(200)
    expect(first.response.headers.get('content-type')).toContain('image/png')
    expect(first.response.headers.get('cache-control')).toBe('public, max-age=3600, s-maxage=86400')
    const png = Buffer.from(first.data as unknown as ArrayBuffer)
    expect(ihdr(png)).toMatchObject({ width: 1200, height: 630 })
    writeFileSync(join(outDir, 'og-http-samsung.png'), png)
    const etag = first.response.headers.get('etag')!
    expect(etag).toMatch(/^"og-[0-9a-f]+"$/)

    const again = await fetch(`${f.baseUrl}/api/og/issue/${ID}`, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect((await again.arrayBuffer()).byteLength).toBe(0)

    for (let i = 0; i < 5; i++) await fetch(`${f.baseUrl}/api/og/issue/${ID}`).then((r) => r.arrayBuffer())
    const other = await fetch(`${f.baseUrl}/api/og/issue/${ID}`, { headers: { 'If-None-Match': '"og-stale"' } })
    expect(other.status).toBe(200)
    expect(Buffer.from(await other.arrayBuffer()).equals(png)).toBe(true)
  })

  it('answers 404 issue_not_found in JSON for an unpublished issue', async () => {
    const res = await fetch(`${f.baseUrl}/api/og/issue/c2d8f1a4-6e5b-4a3c-8d7f-9b1e0a2c4d65`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: 'issue_not_found' })
  })
})
