/**
 * The dashboard's browser script (bundled with the generated SDK by `make gen` into
 * generated/operator/dashboard.gen.ts; inlined in the page, so nothing loads from elsewhere).
 * It renders from `ops_summary.manual_loop.required_actions` as the seed's table says:
 * REVIEW_TICKET → Draft Manager, SUBMIT_TICKET → Submit (LIVE: token input; DRY_RUN: none,
 * the server injects its mock token), WAIT → "대기 중", REGENERATE_TICKET → ticket regeneration.
 */
import { createClient } from '../../../../generated/operator/sdk/client/index.js'
import { generateDraft, getExecution, getOpsSummary, regenerateTicket, submitDraft } from '../../../../generated/operator/sdk/index.js'
import type { Draft, ExecutionRecord, OpsSummary } from '../../../../generated/operator/sdk/types.gen.js'

const TOKEN_KEY = 'operator-api-token'
const STAGE_TEXT: Record<string, string> = {
  AWAITING_EXPORT: 'Export 대기',
  TICKET_OUT_OF_SYNC: 'Ticket 동기화 필요',
  AWAITING_APPROVAL: '승인 대기',
  EXECUTED: '제출 완료',
}
const STATUS_TEXT: Record<string, string> = {
  QUEUED: '보내기 전',
  PENDING: '브로커 응답 대기',
  SUBMITTED: '브로커에 전달됨',
  SIMULATED: '시뮬레이션 완료',
  PARTIAL: '일부만 전달됨',
  FILLED: '체결됨',
  FAILED: '실패',
  SKIPPED: '보내지 않음',
}
const SIDE_TEXT: Record<string, string> = { BUY: '매수', SELL: '매도' }
const ACTION_TEXT: Record<string, string> = { BUY: '매수', SELL: '매도', HOLD: '관망', MIXED: '매수·매도' }

/** 76300 → "76,300" (no locale data needed). */
const thousands = (n: number) => {
  const [int, frac] = String(n).split('.')
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '')
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  node.append(...children)
  return node
}

/** Every order of a draft, one row each (a HOLD plan: one row saying there is none). */
function ordersTable(draft: Draft): HTMLTableElement {
  const orders = draft.orders ?? []
  const head = el('thead', {}, el('tr', {}, ...['#', '구분', '종목', '수량', '가격'].map((h) => el('th', { scope: 'col' }, h))))
  const rows = orders.map((o, i) =>
    el(
      'tr',
      { 'data-seq': String(i + 1) },
      el('td', {}, String(i + 1)),
      el('td', {}, SIDE_TEXT[o.action] ?? o.action),
      el('td', {}, o.symbol),
      el('td', {}, thousands(o.quantity)),
      el('td', {}, o.price === null ? '시장가' : `${thousands(o.price)} (지정가)`),
    ),
  )
  if (!rows.length) rows.push(el('tr', { 'data-seq': '0' }, el('td', { colspan: '5' }, '주문 없음(관망)')))
  const caption = el('caption', {}, `주문 ${orders.length}건 — ${ACTION_TEXT[draft.action] ?? draft.action}`)
  return el('table', { id: 'draft-orders' }, caption, head, el('tbody', {}, ...rows))
}

/** An execution in one sentence (no final period: callers go on), then each order's outcome. */
const executionText = (r: ExecutionRecord) =>
  `${r.plan_id} — ${STATUS_TEXT[r.status] ?? r.status} (주문 ${r.orders.length}건)${r.error ? ` — ${r.error.replace(/\.$/, '')}` : ''}`

function outcomeList(r: ExecutionRecord): HTMLOListElement {
  return el(
    'ol',
    { id: 'last-execution-orders' },
    ...r.orders.map((o) =>
      el(
        'li',
        { 'data-seq': String(o.seq), 'data-status': o.status },
        `${SIDE_TEXT[o.action] ?? o.action} ${o.symbol} × ${thousands(o.quantity)}: ${STATUS_TEXT[o.status] ?? o.status}`,
        o.broker_order_id ? ` (주문번호 ${o.broker_order_id})` : o.error ? ` — ${o.error}` : '',
      ),
    ),
  )
}

function say(text: string, kind: 'info' | 'error' = 'info') {
  const box = $('message')
  if (!box) return
  box.textContent = text
  box.dataset.kind = kind
}

/** An answer that is not a success, in words: the contract's `detail` (a sentence or 422 items). */
function problemText(error: unknown, status: number | undefined): string {
  const d = (error as { detail?: unknown } | undefined)?.detail
  if (typeof d === 'string') return d
  if (Array.isArray(d))
    return d
      .map((i: { msg?: string }) => i.msg ?? '')
      .filter(Boolean)
      .join(' ')
  if (status === undefined) return '서버에 연결할 수 없습니다.'
  return `요청이 실패했습니다(HTTP ${status}).`
}

const client = createClient({ baseUrl: location.origin, auth: () => sessionStorage.getItem(TOKEN_KEY) ?? undefined })

async function call<T>(
  run: () => Promise<{ data?: T; error?: unknown; response?: Response }>,
): Promise<{ ok: true; data: T } | { ok: false; status?: number; text: string }> {
  try {
    const res = await run()
    if (res.response?.ok && res.data !== undefined) return { ok: true, data: res.data }
    if (res.response?.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY)
      showLogin()
    }
    return { ok: false, status: res.response?.status, text: problemText(res.error, res.response?.status) }
  } catch {
    return { ok: false, text: '서버에 연결할 수 없습니다.' }
  }
}

function showLogin() {
  $('login-form')?.removeAttribute('hidden')
  $('app')?.replaceChildren()
  document.body.dataset.stage = 'LOCKED'
}

async function load(notice?: string) {
  const res = await call(() => getOpsSummary({ client }))
  let summary: OpsSummary | null = null
  if (res.ok) summary = res.data
  else if (res.status !== 404) return say(res.text, 'error')
  $('login-form')?.setAttribute('hidden', '')
  render(summary)
  if (notice) say(notice)
  else if (!summary) say('Ops Summary가 아직 없습니다. 대기 중입니다.')
}

function render(summary: OpsSummary | null) {
  const actions = summary?.manual_loop.required_actions ?? ['WAIT']
  const mode = summary?.mode ?? 'DRY_RUN'
  document.body.dataset.mode = mode
  document.body.dataset.stage = summary?.stage ?? 'AWAITING_EXPORT'
  document.body.dataset.requiredActions = actions.join(',')

  const app = $('app')!
  const facts = el(
    'dl',
    { id: 'summary' },
    el('dt', {}, '실행 모드'),
    el('dd', { id: 'mode' }, mode === 'LIVE' ? 'LIVE (실주문)' : 'DRY_RUN (모의 실행)'),
    el('dt', {}, '단계'),
    el('dd', { id: 'stage' }, STAGE_TEXT[summary?.stage ?? ''] ?? 'Ops Summary 없음'),
    el('dt', {}, 'plan_id'),
    el('dd', { id: 'plan-id' }, summary?.manual_loop.plan_id ?? '-'),
    el('dt', {}, 'Ticket 날짜'),
    el('dd', { id: 'ticket-date' }, summary?.manual_loop.ticket_date ?? '-'),
  )
  const parts: Node[] = [facts]
  let draft: Draft | null = null

  if (actions.includes('WAIT')) parts.push(el('p', { id: 'waiting' }, '대기 중'))
  const lastId = summary?.last_execution_id
  if (lastId) {
    const line = el('p', { id: 'last-execution' }, `마지막 실행: ${lastId}`)
    const box = el('section', { id: 'last-execution-box' }, el('h2', {}, '마지막 실행'), line)
    parts.push(box)
    void call(() => getExecution({ client, path: { execution_id: lastId } })).then((res) => {
      if (!res.ok) return
      line.textContent = `마지막 실행: ${executionText(res.data)}, ${res.data.created_at}`
      box.append(outcomeList(res.data))
    })
  }

  if (actions.includes('REGENERATE_TICKET') && summary?.manual_loop.ticket_date) {
    const date = summary.manual_loop.ticket_date
    const button = el('button', { id: 'regenerate-ticket', type: 'button' }, 'Ticket 재생성')
    button.addEventListener('click', async () => {
      button.setAttribute('disabled', '')
      const res = await call(() => regenerateTicket({ client, path: { ticket_date: date } }))
      if (!res.ok) {
        button.removeAttribute('disabled')
        return say(res.text, 'error')
      }
      await load(`ticket_${date}.md를 최신 Export(${res.data.plan_id})와 동기화했습니다.`)
    })
    parts.push(
      el('section', { id: 'ticket-sync' }, el('h2', {}, 'Ticket 동기화'), el('p', {}, 'Ticket이 최신 Export와 다릅니다. 재생성한 뒤 검토하세요.'), button),
    )
  }

  const submit = el('button', { id: 'submit-draft', type: 'submit', disabled: '' }, '제출')
  if (actions.includes('REVIEW_TICKET')) {
    const preview = el('pre', { id: 'draft-preview' })
    const table = el('div', { id: 'draft-orders-box' })
    const button = el('button', { id: 'generate-draft', type: 'button' }, 'Draft 미리보기')
    button.addEventListener('click', async () => {
      const res = await call(() => generateDraft({ client }))
      if (!res.ok) {
        preview.textContent = ''
        table.replaceChildren()
        draft = null
        submit.setAttribute('disabled', '')
        return say(res.text, 'error')
      }
      draft = res.data.raw_json
      table.replaceChildren(ordersTable(draft))
      preview.textContent = res.data.pretty_json
      submit.removeAttribute('disabled')
      const n = draft.orders?.length ?? 0
      say(n ? `주문 ${n}건을 모두 확인한 뒤 제출하세요.` : '주문이 없는 관망 계획입니다. 확인한 뒤 제출하세요.')
    })
    parts.push(el('section', { id: 'draft-manager' }, el('h2', {}, 'Draft Manager'), button, table, preview))
  }

  if (actions.includes('SUBMIT_TICKET')) {
    const form = el('form', { id: 'submit-form' })
    if (summary?.manual_loop.token_required) {
      form.append(
        el('label', { for: 'operator-token' }, '승인 토큰 (LIVE 필수)'),
        el('input', { id: 'operator-token', name: 'token', type: 'password', required: '', autocomplete: 'off' }),
      )
    } else {
      form.append(el('p', { id: 'token-auto' }, 'DRY_RUN: 승인 토큰은 서버가 자동으로 넣습니다.'))
    }
    form.append(submit)
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      if (!draft) return say('먼저 Draft를 미리보기하세요.', 'error')
      const token = ($('operator-token') as HTMLInputElement | null)?.value
      submit.setAttribute('disabled', '')
      const chosen = draft
      const res = await call(() => submitDraft({ client, body: { draft: chosen, ...(token ? { token } : {}) } }))
      if (!res.ok) {
        submit.removeAttribute('disabled')
        return say(res.text, 'error')
      }
      const r = res.data
      await load(`제출되었습니다: ${executionText(r)}. 실행 ID ${r.execution_id}`)
    })
    parts.push(el('section', { id: 'submit-section' }, el('h2', {}, '최종 승인'), form))
  }
  app.replaceChildren(...parts)
}

function start() {
  const form = $('login-form') as HTMLFormElement
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const token = ($('api-token') as HTMLInputElement).value.trim()
    if (!token) return say('운영자 토큰(OPERATOR_API_TOKEN)을 입력하세요.', 'error')
    sessionStorage.setItem(TOKEN_KEY, token)
    say('')
    void load()
  })
  if (sessionStorage.getItem(TOKEN_KEY)) void load()
}

start()
