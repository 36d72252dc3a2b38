/**
 * Demo data and the resources the spec's request examples name: the published 2026-02-27 feed
 * (삼성전자 3f6c2a1e…, SK하이닉스 7a9e4b2c…, both approved and in the snapshot), the 2026-02-28
 * draft feed, the sources (한국경제 1b4e7c2a… under a different URL than createSource's example,
 * so that example creates rather than collides) and finished pipeline logs. Idempotent: rows
 * are inserted only when absent, so a restart keeps an admin's edits.
 */
import type { Card } from '../../../generated/findori/sdk/types.gen.js'
import type { AppDeps } from '../../deps.js'
import { visualFor } from './cards.js'

const DOWN = visualFor('-2.1%')
const UP = visualFor('+3.4%')

interface SeedIssue {
  id: string
  feed_date: string
  entity_type: string
  entity_id: string
  entity_name: string
  title: string
  change_value: string
  position: number
  tags: string[]
  cards: Card[]
  status: 'draft' | 'approved' | 'rejected'
}

const ISSUES: SeedIssue[] = [
  {
    id: '3f6c2a1e-8b4d-4c7a-9e21-5d8f0b6a7c13',
    feed_date: '2026-02-27',
    entity_type: 'stock',
    entity_id: '005930',
    entity_name: '삼성전자',
    title: '삼성전자, 외국인 순매도로 -2.1%',
    change_value: '-2.1%',
    position: 1,
    tags: ['반도체', '외국인'],
    status: 'approved',
    cards: [
      { id: 1, type: 'cover', tag: '속보', title: '삼성전자\n오늘 -2.1%', sub: '외국인 순매도 · 2026-02-27', visual: DOWN },
      {
        id: 2,
        type: 'summary',
        tag: '요약',
        title: '외국인 3거래일 연속 순매도',
        sub: '기사 1건 · 한국경제',
        body: '미국 반도체 지수 약세와 환율 상승(원화 약세)이 겹치며 외국인 투자자가 대형 반도체주 비중을 줄였다.',
        visual: DOWN,
        sources: [{ name: '한국경제', title: '외국인, 삼성전자 사흘째 순매도', url: 'https://www.hankyung.com/article/2026022712345' }],
      },
      {
        id: 3,
        type: 'source',
        tag: '출처',
        title: '근거 기사 1건',
        sub: '한국경제',
        visual: DOWN,
        sources: [{ name: '한국경제', url: 'https://www.hankyung.com/article/2026022712345' }],
      },
    ],
  },
  {
    id: '7a9e4b2c-1d3f-4e8a-b5c6-2f0d9e8a1b47',
    feed_date: '2026-02-27',
    entity_type: 'stock',
    entity_id: '000660',
    entity_name: 'SK하이닉스',
    title: 'SK하이닉스, HBM 수주 기대에 +3.4%',
    change_value: '+3.4%',
    position: 2,
    tags: ['반도체', 'HBM'],
    status: 'approved',
    cards: [{ id: 1, type: 'cover', tag: '급등', title: 'SK하이닉스\n오늘 +3.4%', sub: 'HBM 수주 기대 · 2026-02-27', visual: UP }],
  },
  {
    id: 'c2d8f1a4-6e5b-4a3c-8d7f-9b1e0a2c4d65',
    feed_date: '2026-02-28',
    entity_type: 'index',
    entity_id: 'KOSPI',
    entity_name: '코스피',
    title: '코스피, 기관 매수에 2,650선 회복',
    change_value: '+1.2%',
    position: 1,
    tags: ['코스피', '기관'],
    status: 'approved',
    cards: [{ id: 1, type: 'cover', tag: '시황', title: '코스피\n오늘 +1.2%', sub: '기관 순매수 · 2026-02-28', visual: visualFor('+1.2%') }],
  },
  {
    id: 'e5b7a3d9-2c4f-4b1e-a6d8-3f9c0e1b2a58',
    feed_date: '2026-02-28',
    entity_type: 'sector',
    entity_id: 'secondary-battery',
    entity_name: '2차전지',
    title: '2차전지株, 리튬 가격 반등에 동반 강세',
    change_value: '+4.8%',
    position: 2,
    tags: ['2차전지', '리튬'],
    status: 'draft',
    cards: [{ id: 1, type: 'cover', tag: '테마', title: '2차전지\n오늘 +4.8%', sub: '리튬 가격 반등 · 2026-02-28', visual: visualFor('+4.8%') }],
  },
]

const SOURCES = [
  { id: '1b4e7c2a-9d3f-4a6e-8c5b-0f2d1e3a4b69', name: '한국경제', rss_url: 'https://www.hankyung.com/feed/economy', active: 1 },
  { id: '8d2f5a1c-4b7e-4c9a-a3d6-5e0f1b2c3d74', name: '매일경제', rss_url: 'https://www.mk.co.kr/rss/50200011/', active: 0 },
]

const LOGS = [
  {
    id: '5c8a1f3e-7b2d-4e6a-9f4c-1a0b3d2e5f86',
    trigger: 'manual' as const,
    started_at: '2026-02-28T01:12:00.000Z',
    finished_at: '2026-02-28T01:12:41.000Z',
    status: 'success' as const,
    issues_created: 2,
    errors_json: '[]',
  },
  {
    id: '9e3b6d2a-5f1c-4a8e-b7d9-2c4a0f1e3b97',
    trigger: 'cron' as const,
    started_at: '2026-02-27T13:00:00.000Z',
    finished_at: '2026-02-27T13:04:10.000Z',
    status: 'partial' as const,
    issues_created: 2,
    errors_json: JSON.stringify([{ source: '매일경제', message: 'RSS 수집 실패: 요청 시간 초과 (10초)' }]),
  },
]

export async function seedFindori({ db }: AppDeps) {
  const at = '2026-02-27T10:00:00.000Z'
  await db
    .insertInto('findori_feeds')
    .values([
      { date: '2026-02-27', status: 'published', published_at: at, created_at: at, updated_at: at },
      { date: '2026-02-28', status: 'draft', published_at: null, created_at: at, updated_at: at },
    ])
    .onConflict((oc) => oc.column('date').doNothing())
    .execute()
  for (const { tags, cards, ...i } of ISSUES) {
    const row = { ...i, tags_json: JSON.stringify(tags), cards_json: JSON.stringify(cards) }
    await db
      .insertInto('findori_issues')
      .values({ ...row, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    if (i.feed_date === '2026-02-27') {
      const { status: _s, ...snapshot } = row
      await db
        .insertInto('findori_published_issues')
        .values({ ...snapshot, published_at: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute()
    }
  }
  for (const s of SOURCES)
    await db
      .insertInto('findori_sources')
      .values({ ...s, created_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute()
  for (const l of LOGS)
    await db
      .insertInto('findori_pipeline_logs')
      .values(l)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
}
