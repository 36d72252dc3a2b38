/**
 * The dashboard in a real browser: Debian's chromium (installed by scripts/dev/ensure-chromium.sh
 * when missing) driven by playwright-core. It walks preview → submit in DRY_RUN and LIVE with
 * plans of several orders (every order shown in the preview, every outcome after), a LIVE plan
 * that fails part-way, the WAIT state and the way out of TICKET_OUT_OF_SYNC, asserts what the
 * page shows, checks that no request leaves the server's origin, and saves screenshots under
 * test-output/operator/.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { projectRoot } from '../../src/paths.js'
import { EXPORT_PATH, ticketPath } from '../../src/services/operator/artifacts.js'
import { startFakeBroker, type FakeBroker } from './fake-broker.js'
import { EXPORT_CONFIRM_TOKEN, startOperator, type Running } from './harness.js'

const shots = join(projectRoot, 'test-output', 'operator')
// A browser on a loaded two-core machine: waits are generous (they bound a hang, they time nothing).
const WAIT = { timeout: 30_000 }
const WALK = { timeout: 120_000 }
let browser: Browser

beforeAll(async () => {
  execFileSync(join(projectRoot, 'scripts', 'dev', 'ensure-chromium.sh'), { stdio: 'inherit' })
  mkdirSync(shots, { recursive: true })
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}, 600_000)
afterAll(() => browser?.close())

/** A page on the dashboard that records every request; signed in with the operator token unless told otherwise. */
async function open(r: Running, token: string | null = r.server.deps.config.secrets.operatorApiToken) {
  const page = await browser.newPage({ viewport: { width: 900, height: 760 } })
  const requests: string[] = []
  page.on('request', (req) => requests.push(req.url()))
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.goto(`${r.base}/operator`)
  if (token !== null) {
    await page.fill('#api-token', token)
    await page.click('#login')
  }
  return { page, requests, errors }
}

/** The preview's order table, row by row (cell texts). */
const orderRows = (page: Page) =>
  page.$$eval('#draft-orders tbody tr', (rows) => rows.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)))
const outcomes = (page: Page) =>
  page.$$eval('#last-execution-orders li', (items) => items.map((li) => [li.getAttribute('data-seq'), li.getAttribute('data-status'), li.textContent]))

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
const offOrigin = (r: Running, requests: string[]) => requests.filter((u) => !u.startsWith(r.base))

describe('DRY_RUN', WALK, () => {
  let r: Running
  beforeAll(async () => (r = await startOperator()))
  afterAll(() => r?.stop())

  it('asks for the operator token first and says so when it is wrong', async () => {
    const { page, errors } = await open(r, 'not-the-token')
    await expect.poll(() => page.textContent('#message'), WAIT).toBe('인증 토큰이 올바르지 않습니다.')
    expect(await page.isVisible('#login-form')).toBe(true)
    expect(await page.getAttribute('body', 'data-stage')).toBe('LOCKED')
    await shot(page, 'dry-run-0-wrong-api-token')
    expect(errors.filter((e) => !e.includes('401'))).toEqual([])
    await page.close()
  })

  it('walks preview → submit with the token hidden and auto-filled, then waits', async () => {
    const { page, requests, errors } = await open(r)
    await page.waitForSelector('#draft-manager')
    expect(await page.getAttribute('body', 'data-mode')).toBe('DRY_RUN')
    expect(await page.getAttribute('body', 'data-stage')).toBe('AWAITING_APPROVAL')
    expect(await page.getAttribute('body', 'data-required-actions')).toBe('REVIEW_TICKET,SUBMIT_TICKET')
    expect(await page.textContent('#mode')).toBe('DRY_RUN (모의 실행)')
    expect(await page.$('#operator-token')).toBeNull()
    expect(await page.textContent('#token-auto')).toBe('DRY_RUN: 승인 토큰은 서버가 자동으로 넣습니다.')
    expect(await page.isDisabled('#submit-draft')).toBe(true)
    expect(await page.$('#waiting')).toBeNull()

    await page.click('#generate-draft')
    await expect.poll(() => page.textContent('#draft-preview'), WAIT).toContain('"plan_id": "plan_20260218_0900"')
    expect(JSON.parse((await page.textContent('#draft-preview'))!)).toMatchObject({ action: 'BUY', mode: 'DRY_RUN' })
    expect(await orderRows(page)).toEqual([
      ['1', '매수', '005930', '131', '76,300 (지정가)'],
      ['2', '매수', '035420', '12', '182,500 (지정가)'],
    ])
    expect(await page.textContent('#draft-orders caption')).toBe('주문 2건 — 매수')
    expect(await page.textContent('#message')).toBe('주문 2건을 모두 확인한 뒤 제출하세요.')
    expect(await page.isEnabled('#submit-draft')).toBe(true)
    await shot(page, 'dry-run-1-preview')

    await page.click('#submit-draft')
    await page.waitForSelector('#waiting')
    expect(await page.textContent('#waiting')).toBe('대기 중')
    expect(await page.textContent('#message')).toMatch(/^제출되었습니다: plan_20260218_0900 — 시뮬레이션 완료 \(주문 2건\)\. 실행 ID [0-9a-f-]{36}$/)
    expect(await page.getAttribute('body', 'data-stage')).toBe('EXECUTED')
    expect(await page.getAttribute('body', 'data-required-actions')).toBe('WAIT')
    expect(await page.$('#draft-manager')).toBeNull()
    expect(await page.$('#submit-draft')).toBeNull()
    await expect
      .poll(() => page.textContent('#last-execution'), WAIT)
      .toMatch(/^마지막 실행: plan_20260218_0900 — 시뮬레이션 완료 \(주문 2건\), \d{4}-\d{2}-\d{2}T/)
    expect(await outcomes(page)).toEqual([
      ['1', 'SIMULATED', '매수 005930 × 131: 시뮬레이션 완료 (주문번호 SIM-plan_20260218_0900-1)'],
      ['2', 'SIMULATED', '매수 035420 × 12: 시뮬레이션 완료 (주문번호 SIM-plan_20260218_0900-2)'],
    ])
    await shot(page, 'dry-run-2-submitted-waiting')
    expect(offOrigin(r, requests)).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('LIVE', WALK, () => {
  let r: Running
  let broker: FakeBroker
  beforeAll(async () => {
    broker = await startFakeBroker()
    r = await startOperator({ OPERATOR_MODE: 'LIVE', OPERATOR_BROKER: 'http', OPERATOR_BROKER_URL: broker.url })
  })
  afterAll(async () => {
    await r?.stop()
    await broker?.close()
  })

  it('shows the token input, refuses a wrong token in words, and submits with the right one', async () => {
    const { page, requests, errors } = await open(r)
    await page.waitForSelector('#operator-token')
    expect(await page.getAttribute('body', 'data-mode')).toBe('LIVE')
    expect(await page.getAttribute('#operator-token', 'type')).toBe('password')
    expect(await page.textContent('#mode')).toBe('LIVE (실주문)')

    await page.click('#generate-draft')
    await expect.poll(() => page.textContent('#draft-preview'), WAIT).toContain('"mode": "LIVE"')
    await page.fill('#operator-token', 'a-wrong-token')
    await page.click('#submit-draft')
    await expect
      .poll(() => page.textContent('#message'), WAIT)
      .toBe('plan_id/token 불일치: 최신 Export(order_plan_export_latest.json)의 confirm_token과 일치하지 않아 차단되었습니다.')
    expect(await page.getAttribute('#message', 'data-kind')).toBe('error')
    expect(broker.orders).toHaveLength(0)
    await shot(page, 'live-1-token-mismatch')

    await page.fill('#operator-token', EXPORT_CONFIRM_TOKEN)
    await page.click('#submit-draft')
    await page.waitForSelector('#waiting')
    expect(await page.textContent('#message')).toContain('plan_20260218_0900 — 브로커에 전달됨 (주문 2건)')
    expect(broker.orders.map((o) => o.body.client_order_id)).toEqual(['plan_20260218_0900-1', 'plan_20260218_0900-2'])
    await expect.poll(() => outcomes(page), WAIT).toHaveLength(2)
    expect((await outcomes(page)).map(([, status]) => status)).toEqual(['SUBMITTED', 'SUBMITTED'])
    await shot(page, 'live-2-submitted-waiting')
    expect(offOrigin(r, requests)).toEqual([])
    expect(errors.filter((e) => !e.includes('403'))).toEqual([])
    await page.close()
  })

  it('shows all three orders of a mixed plan, then which was placed, which failed and which was not sent', async () => {
    const put = await fetch(`${r.base}/api/operator/exports/latest`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${r.server.deps.config.secrets.operatorExportToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        plan_id: 'plan_20260219_0900',
        plan_date: '2026-02-19',
        confirm_token: EXPORT_CONFIRM_TOKEN,
        orders: [
          { action: 'SELL', symbol: '005930', quantity: 65, price: 76800 },
          { action: 'BUY', symbol: '000660', quantity: 10, price: null },
          { action: 'BUY', symbol: '035420', quantity: 4, price: 181000 },
        ],
      }),
    })
    expect(put.status).toBe(200)
    broker.refuseWhen = (body) => (body.symbol === '000660' ? '주문 가능 금액 부족' : null)
    const { page, errors } = await open(r)
    await page.waitForSelector('#generate-draft')
    await page.click('#generate-draft')
    await expect.poll(() => orderRows(page), WAIT).toHaveLength(3)
    expect(await orderRows(page)).toEqual([
      ['1', '매도', '005930', '65', '76,800 (지정가)'],
      ['2', '매수', '000660', '10', '시장가'],
      ['3', '매수', '035420', '4', '181,000 (지정가)'],
    ])
    expect(await page.textContent('#draft-orders caption')).toBe('주문 3건 — 매수·매도')
    await shot(page, 'live-3-mixed-preview')
    await page.fill('#operator-token', EXPORT_CONFIRM_TOKEN)
    await page.click('#submit-draft')
    await page.waitForSelector('#waiting')
    broker.refuseWhen = null
    expect(await page.textContent('#message')).toContain('plan_20260219_0900 — 일부만 전달됨 (주문 3건) — 주문 2/3(BUY 000660 × 10) 실패')
    await expect.poll(() => outcomes(page), WAIT).toHaveLength(3)
    expect(await outcomes(page)).toEqual([
      ['1', 'SUBMITTED', '매도 005930 × 65: 브로커에 전달됨 (주문번호 KRX-plan_20260219_0900-1)'],
      ['2', 'FAILED', '매수 000660 × 10: 실패 — 브로커가 주문을 거부했습니다(HTTP 400): 주문 가능 금액 부족'],
      ['3', 'SKIPPED', '매수 035420 × 4: 보내지 않음 — 주문 2 실패로 보내지 않았습니다.'],
    ])
    await shot(page, 'live-4-partial-failure')
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('WAIT and TICKET_OUT_OF_SYNC', WALK, () => {
  let r: Running
  beforeAll(async () => (r = await startOperator()))
  afterAll(() => r?.stop())

  it('shows 대기 중 when there is no export', async () => {
    const { unlink } = await import('node:fs/promises')
    const exportText = (await r.store.read(EXPORT_PATH))!.text
    await unlink(r.store.resolve(EXPORT_PATH))
    await r.server.deps.db.deleteFrom('operator_exports').execute()
    const res = await fetch(`${r.base}/api/ops/summary/regenerate?confirm=true`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${r.server.deps.config.secrets.operatorApiToken}` },
    })
    expect(res.status).toBe(200)
    const { page } = await open(r)
    await page.waitForSelector('#waiting')
    expect(await page.textContent('#waiting')).toBe('대기 중')
    expect(await page.getAttribute('body', 'data-stage')).toBe('AWAITING_EXPORT')
    expect(await page.textContent('#stage')).toBe('Export 대기')
    expect(await page.$('#draft-manager')).toBeNull()
    await shot(page, 'wait-awaiting-export')
    await page.close()
    await r.store.write(EXPORT_PATH, exportText)
  })

  it('offers ticket regeneration when the ticket is out of sync, and that leads to the Draft Manager', async () => {
    await r.store.write(ticketPath('2026-02-18'), '# Ticket 2026-02-18\n\n- plan_id: `plan_20260218_0800`\n')
    await fetch(`${r.base}/api/ops/summary/regenerate?confirm=true`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${r.server.deps.config.secrets.operatorApiToken}` },
    })
    const { page } = await open(r)
    await page.waitForSelector('#regenerate-ticket')
    expect(await page.getAttribute('body', 'data-required-actions')).toBe('REGENERATE_TICKET')
    expect(await page.$('#draft-manager')).toBeNull()
    await shot(page, 'ticket-out-of-sync')
    await page.click('#regenerate-ticket')
    await page.waitForSelector('#draft-manager')
    expect(await page.textContent('#message')).toBe('ticket_2026-02-18.md를 최신 Export(plan_20260218_0900)와 동기화했습니다.')
    expect(await page.getAttribute('body', 'data-stage')).toBe('AWAITING_APPROVAL')
    await page.close()
  })
})
