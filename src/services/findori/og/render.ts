/**
 * The OG image of an issue (1200×630 PNG) from its cover card, the way Next.js's @vercel/og
 * does it: satori lays the card out to SVG, resvg rasterises it. The card's gradient runs
 * bg_from → bg_via → bg_to, the accent colours the tag and the change value.
 */
import { Resvg } from '@resvg/resvg-js'
import satori from 'satori'
import type { Card } from '../../../../generated/findori/sdk/types.gen.js'
import { ogFonts } from './font.js'

export const OG_WIDTH = 1200
export const OG_HEIGHT = 630

export interface OgInput {
  cover: Card
  entityName: string
  changeValue: string
}

type Node = { type: string; props: Record<string, unknown> & { style?: Record<string, unknown>; children?: unknown } }
const el = (type: string, style: Record<string, unknown>, children?: unknown): Node => ({ type, props: { style, children } })

function layout({ cover, changeValue }: OgInput): Node {
  const { bg_from, bg_via, bg_to, accent } = cover.visual
  const lines = cover.title.split('\n').slice(0, 3)
  return el(
    'div',
    {
      width: OG_WIDTH,
      height: OG_HEIGHT,
      display: 'flex',
      backgroundImage: `linear-gradient(135deg, ${bg_from} 0%, ${bg_via} 50%, ${bg_to} 100%)`,
      color: '#F8FAFC',
      fontFamily: 'Pretendard',
    },
    [
      // Padding on an inner box: the outer one is exactly the image.
      el('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, margin: '56px 80px' }, [
        el('div', { display: 'flex', alignItems: 'center' }, [
          el(
            'div',
            { display: 'flex', padding: '10px 26px', borderRadius: 999, backgroundColor: accent, color: '#FFFFFF', fontSize: 34, fontWeight: 700 },
            cover.tag,
          ),
        ]),
        el(
          'div',
          { display: 'flex', flexDirection: 'column', flexGrow: 1, justifyContent: 'center' },
          lines.map((line) => el('div', { display: 'flex', fontSize: lines.length > 2 ? 64 : 84, fontWeight: 800, lineHeight: 1.2, letterSpacing: -1 }, line)),
        ),
        el('div', { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end' }, [
          el('div', { display: 'flex', fontSize: 30, color: '#CBD5E1', maxWidth: 760, paddingBottom: 10 }, cover.sub.slice(0, 60)),
          el('div', { display: 'flex', fontSize: 72, fontWeight: 800, color: accent, lineHeight: 1 }, changeValue),
        ]),
      ]),
    ],
  )
}

export async function renderOgPng(input: OgInput): Promise<Uint8Array> {
  const svg = await satori(layout(input) as any, { width: OG_WIDTH, height: OG_HEIGHT, fonts: ogFonts() })
  return new Resvg(svg, { fitTo: { mode: 'width', value: OG_WIDTH }, font: { loadSystemFonts: false } }).render().asPng()
}
