/**
 * Real-mode baseline (issue 15): hitl's approve round trip written by hand. Bare Hono and
 * better-sqlite3 prepared statements on its own copy of the database (BENCH_DB), and the same
 * LangGraph resume: a StateGraph with our state (ChatState) and our node names, compiled on the
 * same checkpointer (SqliteSaver on its own file `<BENCH_DB>-hitl-checkpoints`, WAL), resumed with
 * Command({ resume }) at the approval interrupt. The approval and execution nodes are written here
 * with the same statements our effects run (dedupe-keyed steps, messages and events numbered
 * max(seq) + 1, the fill looked up then recorded); the words, the policy, the decision check and the
 * simulated broker are our domain modules from dist/, as the saju baseline calls our engine.
 *
 * What it does per approve, as our decide() does: the thread; the graph's state; the thread's
 * approval requests; the request's decision (none yet); the decision checked, inserted, the request
 * marked, the user's note appended; the graph resumed; the thread touched; the state read again;
 * the same body. Only trading threads that wait for approval are served (what the bench creates).
 */
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { Command, END, START, StateGraph, interrupt } from '@langchain/langgraph'
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite'
import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { canonicalize } from 'json-canonicalize'
import { HOST, PORT } from './fixtures.mjs'
import { openLikeOurs } from './sqlite.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const lib = (m) => import(`${ROOT}dist/src/services/hitl/${m}.js`)
const [{ ChatState }, say, { needsApproval }, { valueLegs, configuredRates }, { checkDecision }, { simulatedBroker }] = await Promise.all(
  ['graph-state', 'wording', 'policy', 'fx', 'decision-check', 'broker'].map(lib),
)
const BEARER = `Bearer ${process.env.HITL_API_TOKEN}`
const rates = configuredRates(Number(process.env.HITL_USD_KRW_RATE ?? 1400))

const db = openLikeOurs(process.env.BENCH_DB)
const q = {
  thread: db.prepare('SELECT * FROM hitl_threads WHERE thread_id = ?'),
  touch: db.prepare('UPDATE hitl_threads SET updated_at = ? WHERE thread_id = ?'),
  requests: db.prepare('SELECT * FROM hitl_approval_requests WHERE thread_id = ? ORDER BY created_at, request_id'),
  decisionFor: db.prepare('SELECT * FROM hitl_user_decisions WHERE request_id = ?'),
  insertDecision: db.prepare(
    'INSERT INTO hitl_user_decisions (decision_id, request_id, thread_id, decision, modifications_json, user_notes, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  markDecided: db.prepare('UPDATE hitl_approval_requests SET status = ?, decided_at = ? WHERE request_id = ?'),
  requestExists: db.prepare('SELECT request_id FROM hitl_approval_requests WHERE request_id = ?'),
  fillFor: db.prepare('SELECT fill_json FROM hitl_fills WHERE client_order_id = ?'),
  recordFill: db.prepare('INSERT INTO hitl_fills (client_order_id, thread_id, fill_json, created_at) VALUES (?, ?, ?, ?)'),
}
/** Messages and events: a dedupe key seen → nothing; else the next number. */
const numbered = (table, columns) => ({
  seen: db.prepare(`SELECT seq FROM ${table} WHERE thread_id = ? AND dedupe_key = ?`),
  last: db.prepare(`SELECT max(seq) AS seq FROM ${table} WHERE thread_id = ?`),
  insert: db.prepare(`INSERT INTO ${table} (thread_id, seq, dedupe_key, ${columns.join(', ')}) VALUES (?, ?, ?, ${columns.map(() => '?').join(', ')})`),
})
const messages = numbered('hitl_messages', ['role', 'content', 'node', 'created_at'])
const events = numbered('hitl_events', ['type', 'data_json', 'created_at'])
function append(t, threadId, dedupeKey, ...values) {
  if (dedupeKey && t.seen.get(threadId, dedupeKey)) return
  t.insert.run(threadId, Number(t.last.get(threadId)?.seq ?? 0) + 1, dedupeKey, ...values)
}
const now = () => new Date().toISOString()
const sayAs = (threadId, node, content, key) => append(messages, threadId, key, 'assistant', content, node, now())
const event = (threadId, type, data, key) => append(events, threadId, key, type, JSON.stringify(data), now())
const step = (threadId, node) => event(threadId, 'step', { node, at: now() }, `step:${node}`)

// ---------- the graph: our state and node names; the two nodes a resume runs ----------

const neverOnResume = (name) => () => {
  throw new Error(`${name} does not run on an approval's resume`)
}

async function approvalTrade(s) {
  const node = 'approval_trade_node'
  step(s.thread_id, node)
  if (!needsApproval(s.hitl, 'trade', s.amount)) throw new Error('the bench approves threads that wait for approval')
  // Before the interrupt: what the first run wrote, looked up again (all there, so written once).
  const requestId = s.request_id
  const p = s.proposal
  if (!q.requestExists.get(requestId)) throw new Error(`approval request ${requestId} missing`)
  sayAs(s.thread_id, node, say.askTrade(p, s.value), `ask:${requestId}`)
  const data = {
    request_id: requestId,
    action: 'trade',
    side: p.side,
    symbol: p.symbol,
    name: p.name ?? null,
    quantity: p.quantity,
    price: p.price ?? null,
    currency: s.value?.currency ?? 'KRW',
    amount: s.value ? s.value.amount : s.amount,
    amount_krw: s.amount,
    fx_rate: s.value?.fx_rate ?? null,
    rationale: p.reason ?? null,
    trades: null,
  }
  event(s.thread_id, 'approval_request', data, `approval:${requestId}`)
  const resume = interrupt({ request_id: requestId, action: 'trade', proposal: p })
  if (resume.decision === 'rejected') throw new Error('the bench approves')
  const next = resume.proposal ?? p
  const value = await valueLegs([next], async () => s.value?.fx_rate ?? rates.usdKrw(new Date()))
  return { decision: resume, proposal: next, value, amount: value.amount_krw, flags: { trade_approved: true } }
}

async function executeTrade(s) {
  const node = 'execute_trade_node'
  step(s.thread_id, node)
  if (s.flags.trade_executed) return {}
  const clientId = s.request_id ?? s.thread_id
  const p = s.proposal
  const order = { clientOrderId: clientId, symbol: p.symbol, side: p.side, quantity: p.quantity, price: p.price }
  const known = q.fillFor.get(clientId)
  let fill
  if (known) fill = JSON.parse(known.fill_json)
  else {
    fill = await simulatedBroker.place(order, new Date())
    q.recordFill.run(clientId, s.thread_id, JSON.stringify(fill), now())
  }
  const result = { ...fill }
  const decision = s.decision?.auto ? 'auto' : (s.decision?.decision ?? 'approved')
  const message = say.outcomeMessage('trading', decision, result, s.proposal)
  sayAs(s.thread_id, node, message, 'outcome')
  event(s.thread_id, 'outcome', { decision: s.decision?.decision ?? 'approved', status: 'executed', message, result }, 'outcome')
  return { result, outcome: 'executed', flags: { trade_executed: true } }
}

let graph = null
/** Opened on first use: the bench copies our server's checkpoints here after the baseline started. */
function chatGraph() {
  if (graph) return graph
  const cp = new Database(`${process.env.BENCH_DB}-hitl-checkpoints`)
  cp.pragma('journal_mode = WAL')
  cp.pragma('busy_timeout = 5000')
  graph = new StateGraph(ChatState)
    .addNode('understand_request_node', neverOnResume('understand_request_node'))
    .addNode('prepare_trade_node', neverOnResume('prepare_trade_node'))
    .addNode('approval_trade_node', approvalTrade)
    .addNode('execute_trade_node', executeTrade)
    .addNode('analyse_portfolio_node', neverOnResume('analyse_portfolio_node'))
    .addNode('propose_rebalance_node', neverOnResume('propose_rebalance_node'))
    .addNode('approval_rebalance_node', neverOnResume('approval_rebalance_node'))
    .addNode('execute_rebalance_node', neverOnResume('execute_rebalance_node'))
    .addEdge(START, 'understand_request_node')
    .addConditionalEdges('understand_request_node', (s) => (s.kind === 'rebalance' ? 'analyse_portfolio_node' : 'prepare_trade_node'), [
      'prepare_trade_node',
      'analyse_portfolio_node',
    ])
    .addEdge('prepare_trade_node', 'approval_trade_node')
    .addConditionalEdges('approval_trade_node', (s) => (s.outcome === 'rejected' ? END : 'execute_trade_node'), ['execute_trade_node', END])
    .addEdge('execute_trade_node', END)
    .addEdge('analyse_portfolio_node', 'propose_rebalance_node')
    .addConditionalEdges('propose_rebalance_node', (s) => (s.outcome === 'no_trades' ? END : 'approval_rebalance_node'), ['approval_rebalance_node', END])
    .addConditionalEdges('approval_rebalance_node', (s) => (s.outcome === 'rejected' ? END : 'execute_rebalance_node'), ['execute_rebalance_node', END])
    .addEdge('execute_rebalance_node', END)
    .compile({ checkpointer: new SqliteSaver(cp) })
  return graph
}

async function view(threadId) {
  const snap = await chatGraph().getState({ configurable: { thread_id: threadId } })
  const waiting = snap.tasks.find((t) => (t.interrupts?.length ?? 0) > 0)
  return { values: snap.values, status: snap.next.length === 0 ? 'completed' : waiting ? 'awaiting_approval' : 'failed' }
}

const fail = (c, status, error, message) => c.json({ success: false, error, message }, status)

const app = new Hono()
// The bench's readiness probe asks for the orchestrator's list; any answer will do.
app.get('/api/nodes', (c) => c.json({ nodes: [], total: 0, limit: 50, offset: 0 }))
app.post('/api/v1/chat/approve', async (c) => {
  if (c.req.header('authorization') !== BEARER) return fail(c, 401, 'unauthorized', 'unauthorized')
  const body = await c.req.json()
  const threadId = body.thread_id
  if (!q.thread.get(threadId)) return fail(c, 404, 'thread_not_found', '대화를 찾을 수 없습니다')
  const v = await view(threadId)
  const request = q.requests.all(threadId).at(-1)
  if (request?.kind !== 'trading') return fail(c, 404, 'not_awaiting_approval', '승인 대기 중인 요청이 없습니다')
  if (q.decisionFor.get(request.request_id)) return fail(c, 409, 'already_decided', 'the bench approves each thread once')
  const checked = checkDecision('trading', body.decision, body.modifications, JSON.parse(request.proposal_json), v.values.portfolio ?? null)
  if (!checked.ok) return fail(c, 422, 'invalid_modifications', checked.message)
  const at = now()
  q.insertDecision.run(
    randomUUID(),
    request.request_id,
    threadId,
    body.decision,
    body.modifications === undefined ? null : canonicalize(body.modifications),
    body.user_notes ?? null,
    at,
  )
  q.markDecided.run(body.decision, at, request.request_id)
  append(messages, threadId, null, 'user', say.decisionNote(body.decision, body.user_notes), null, at)
  const resume = { decision: body.decision, proposal: checked.proposal, user_notes: body.user_notes ?? null }
  await chatGraph().invoke(new Command({ resume }), { configurable: { thread_id: threadId } })
  q.touch.run(now(), threadId)
  const after = await view(threadId)
  const result = after.values.result
  return c.json({
    success: true,
    message: say.outcomeMessage('trading', body.decision, result ?? null, after.values.proposal ?? null),
    conversation_id: threadId,
    graph_completed: after.status === 'completed',
    decision: body.decision,
    no_op: false,
    ...(result ? { result } : {}),
  })
})
serve({ fetch: app.fetch, port: PORT, hostname: HOST })

// A clean exit on the bench's SIGTERM, so --cpu-prof (BENCH_REAL_PROFILE_DIR) writes its profile.
process.on('SIGTERM', () => process.exit(0))
