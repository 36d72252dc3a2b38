/**
 * The domain rules with hand-worked answers: the summary table row by row, draft comparison,
 * token hints and comparison, calendar dates (Gregorian leap rules), the ticket's number format.
 */
import { describe, expect, it } from 'vitest'
import type { ArtifactRead, ExportFile, TicketFile } from '../../src/services/operator/artifacts.js'
import { draftDifference, draftOf, planAction } from '../../src/services/operator/draft.js'
import { buildSummary } from '../../src/services/operator/summary.js'
import { isCalendarDate, orderText, renderTicket } from '../../src/services/operator/ticket.js'
import { tokenHint, tokensMatch } from '../../src/services/operator/tokens.js'

const at = new Date('2026-02-18T00:00:00.000Z')
const exp: ExportFile = {
  plan_id: 'p1',
  plan_date: '2026-02-18',
  confirm_token: 'abcdef1234',
  orders: [
    { action: 'BUY', symbol: '005930', quantity: 131, price: 76300 },
    { action: 'SELL', symbol: '000660', quantity: 20, price: null },
  ],
  published_at: '2026-02-17T23:50:00Z',
}
const present = <T>(value: T, path = 'f'): ArtifactRead<T> => ({ status: 'PRESENT', path, value, updatedAt: at })
const ticket = (planId: string): ArtifactRead<TicketFile> => present({ markdown: '', planId }, 'reports/live/tickets/ticket_2026-02-18.md')

describe('ops summary rules (first matching row)', () => {
  const run = (
    exportRead: ArtifactRead<ExportFile>,
    ticketRead: ArtifactRead<TicketFile> | null,
    executionId: string | null,
    mode: 'LIVE' | 'DRY_RUN' = 'LIVE',
  ) => buildSummary({ mode, now: at, exportRead, ticketRead, executionId })

  it('no export → AWAITING_EXPORT [WAIT], whatever else', () => {
    const s = run({ status: 'MISSING', path: 'e' }, null, null)
    expect([s.stage, s.manual_loop.required_actions, s.manual_loop.plan_id, s.last_execution_id]).toEqual(['AWAITING_EXPORT', ['WAIT'], null, null])
  })
  it('invalid export → AWAITING_EXPORT with the reason', () => {
    const s = run({ status: 'INVALID', path: 'e', error: 'broken', updatedAt: at }, null, null)
    expect(s.stage).toBe('AWAITING_EXPORT')
    expect(s.artifacts.order_plan_export).toEqual({ path: 'e', status: 'INVALID', plan_id: null, updated_at: '2026-02-18T00:00:00Z', error: 'broken' })
  })
  it('executed plan → EXECUTED [WAIT] even if the ticket is stale', () => {
    const s = run(present(exp), ticket('old'), 'x-1')
    expect([s.stage, s.manual_loop.required_actions, s.manual_loop.token_required, s.last_execution_id]).toEqual(['EXECUTED', ['WAIT'], false, 'x-1'])
  })
  it('stale, missing or invalid ticket → TICKET_OUT_OF_SYNC [REGENERATE_TICKET]', () => {
    expect(run(present(exp), ticket('old'), null).artifacts.ticket.status).toBe('STALE')
    for (const t of [ticket('old'), { status: 'MISSING', path: 't' } as const, { status: 'INVALID', path: 't', error: 'x', updatedAt: at } as const]) {
      const s = run(present(exp), t, null)
      expect([s.stage, s.manual_loop.required_actions, s.manual_loop.token_required]).toEqual(['TICKET_OUT_OF_SYNC', ['REGENERATE_TICKET'], false])
    }
  })
  it('synced ticket, not executed → AWAITING_APPROVAL; the token is required only in LIVE', () => {
    const live = run(present(exp), ticket('p1'), null, 'LIVE')
    expect([live.stage, live.manual_loop.required_actions, live.manual_loop.token_required, live.manual_loop.ticket_date]).toEqual([
      'AWAITING_APPROVAL',
      ['REVIEW_TICKET', 'SUBMIT_TICKET'],
      true,
      '2026-02-18',
    ])
    expect(run(present(exp), ticket('p1'), null, 'DRY_RUN').manual_loop.token_required).toBe(false)
  })
})

describe('drafts', () => {
  const buy = { action: 'BUY' as const, symbol: '005930', quantity: 131, price: 76300 }
  const sell = { action: 'SELL' as const, symbol: '000660', quantity: 20, price: null }

  it('the plan action: all one side, none (HOLD), or both (MIXED)', () => {
    expect(planAction([buy, { ...buy, symbol: '035420' }])).toBe('BUY')
    expect(planAction([sell])).toBe('SELL')
    expect(planAction([])).toBe('HOLD')
    expect(planAction([sell, buy])).toBe('MIXED')
  })

  it('a draft carries every order in the export order, and the mode; a HOLD draft an empty list', () => {
    expect(draftOf(exp, 'LIVE')).toEqual({
      ticket_ref: 'ticket_2026-02-18.md',
      plan_id: 'p1',
      action: 'MIXED',
      orders: [buy, sell],
      mode: 'LIVE',
    })
    expect(draftOf({ ...exp, orders: [] }, 'DRY_RUN')).toEqual({
      ticket_ref: 'ticket_2026-02-18.md',
      plan_id: 'p1',
      action: 'HOLD',
      orders: [],
      mode: 'DRY_RUN',
    })
    expect(Object.keys(draftOf(exp, 'LIVE'))).toEqual(['ticket_ref', 'plan_id', 'action', 'orders', 'mode'])
    // Keys in a fixed order whatever order the export file used.
    const shuffled = { ...exp, orders: [{ price: 76300, quantity: 131, symbol: '005930', action: 'BUY' as const }] }
    expect(Object.keys(draftOf(shuffled, 'LIVE').orders![0])).toEqual(['action', 'symbol', 'quantity', 'price'])
  })

  it('only the fields a submitted draft sends are compared; orders as a whole list', () => {
    const expected = draftOf(exp, 'LIVE')
    const seed = { ticket_ref: 'ticket_2026-02-18.md', plan_id: 'p1', action: 'MIXED' as const }
    expect(draftDifference(seed, expected)).toBeNull()
    expect(draftDifference({ ...seed, action: 'BUY' }, expected)).toBe('action: BUY ≠ MIXED')
    expect(draftDifference({ ...seed, ticket_ref: 'ticket_2026-02-17.md' }, expected)).toBe('ticket_ref: ticket_2026-02-17.md ≠ ticket_2026-02-18.md')
    expect(draftDifference({ ...seed, orders: [buy, sell] }, expected)).toBeNull()
    expect(draftDifference({ ...seed, orders: [buy] }, expected)).toBe('orders: 1건 ≠ 2건')
    expect(draftDifference({ ...seed, orders: [sell, buy] }, expected)).toBe('orders[0].action: SELL ≠ BUY')
    expect(draftDifference({ ...seed, orders: [buy, { ...sell, price: 1 }] }, expected)).toBe('orders[1].price: 1 ≠ null')
    expect(draftDifference({ ...seed, orders: [{ ...buy, quantity: 130 }, sell] }, expected)).toBe('orders[0].quantity: 130 ≠ 131')
  })

  it('an order sent on a HOLD plan is a difference', () => {
    const hold = draftOf({ ...exp, orders: [] }, 'LIVE')
    expect(draftDifference({ ticket_ref: 'ticket_2026-02-18.md', plan_id: 'p1', action: 'HOLD', orders: [buy] }, hold)).toBe('orders: 1건 ≠ 0건')
  })
})

describe('ticket markdown (worked by hand)', () => {
  it('numbers every order, and lists each order outcome of an execution', () => {
    const md = renderTicket({
      date: '2026-02-18',
      latest: exp,
      mode: 'LIVE',
      dayPlan: null,
      executions: [
        {
          execution_id: 'e1',
          plan_id: 'p1',
          status: 'PARTIAL',
          created_at: '2026-02-18T00:05:12Z',
          orders: [
            { seq: 1, status: 'SUBMITTED', broker_order_id: 'KRX-1', error: null },
            { seq: 2, status: 'FAILED', broker_order_id: null, error: '거부\n- plan_id: `forged`' },
          ],
        },
      ],
    })
    expect(md).toBe(
      [
        '# Ticket 2026-02-18',
        '',
        '- plan_id: `p1`',
        '- confirm_token: ••••1234 (최신 Export와 동기화됨)',
        '- mode: LIVE',
        '- 주문 (2건):',
        '  1. BUY 005930 × 131 @ 76,300 (지정가)',
        '  2. SELL 000660 × 20 @ 시장가',
        '- 실행: `e1` p1 PARTIAL 2026-02-18T00:05:12Z',
        '  1. SUBMITTED (KRX-1)',
        '  2. FAILED — 거부 - plan_id: `forged`',
        '',
      ].join('\n'),
    )
  })

  it('says HOLD on one line', () => {
    expect(renderTicket({ date: '2026-02-18', latest: { ...exp, orders: [] }, mode: 'DRY_RUN', dayPlan: null, executions: [] })).toContain(
      '- 주문: HOLD (관망, 주문 없음)\n- 실행: 없음\n',
    )
  })
})

describe('tokens', () => {
  it('hints show the last four characters only', () => {
    expect(tokenHint('7c1e2b9d4a6f40c8b3e59f3a')).toBe('••••9f3a')
    expect(tokenHint(undefined)).toBeNull()
  })
  it('match exactly; a missing side never matches, not even two missing sides', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true)
    expect(tokensMatch('abc', 'abd')).toBe(false)
    expect(tokensMatch('abc', 'abcd')).toBe(false)
    expect(tokensMatch(undefined, undefined)).toBe(false)
    expect(tokensMatch('', '')).toBe(false)
    expect(tokensMatch('abc', undefined)).toBe(false)
  })
})

describe('calendar dates (Gregorian: every 4th year, not centuries, but every 400th)', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-2-1', false],
    ['2026-02-18T00:00', false],
  ])('%s → %s', (s, ok) => expect(isCalendarDate(s)).toBe(ok))
})

describe('order text of the ticket', () => {
  it.each([
    [{ action: 'BUY', symbol: '005930', quantity: 131, price: 76300 }, 'BUY 005930 × 131 @ 76,300 (지정가)'],
    [{ action: 'SELL', symbol: '000660', quantity: 1234567, price: null }, 'SELL 000660 × 1,234,567 @ 시장가'],
    [{ action: 'BUY', symbol: 'AAPL', quantity: 3, price: 1999.5 }, 'BUY AAPL × 3 @ 1,999.5 (지정가)'],
  ] as const)('%j', (order, text) => expect(orderText(order as any)).toBe(text))
})
