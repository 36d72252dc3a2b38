/** Targets (from issue 5) judged on the medians, and the Markdown report. */
import { round } from './stats.mjs'
import { pairedRatio } from './throughput.mjs'

const x = (a, b) => (a && b ? a / b : null)

export function judgeTargets({ throughput, ourId, ops, prism, cold, mockId }) {
  const rows = []
  const add = (name, op, value, need, pass, detail) =>
    rows.push({ name, op, value: round(value, 2), need, status: value === null ? 'N/A' : pass ? 'PASS' : 'MISS', detail })
  for (const op of ops) {
    const vs = (id) => pairedRatio(throughput, ourId, id, op.id)
    add('pipeline ≥ 0.8× bare Hono', op.id, vs('hono'), '≥ 0.8×', vs('hono') >= 0.8)
    add('pipeline not behind Fastify-with-schemas', op.id, vs('fastify'), '≥ 1.0×', vs('fastify') >= 1.0)
    add('pipeline ≥ 3× openapi-backend', op.id, vs('openapi-backend'), '≥ 3×', vs('openapi-backend') >= 3)
    add('pipeline ≥ 5× express-openapi-validator', op.id, vs('express-oav'), '≥ 5×', vs('express-oav') >= 5)
  }
  // Not a target: how close the pipeline gets to sending the same bytes with no work at all.
  for (const op of ops) {
    const v = pairedRatio(throughput, ourId, 'node-http-contract', op.id)
    if (v !== null) rows.push({ name: 'reference: pipeline ÷ contract-shaped bare node:http', op: op.id, value: round(v, 2), need: '–', status: 'info' })
    const f = pairedRatio(throughput, 'node-http-contract', 'fastify', op.id)
    if (f !== null) rows.push({ name: 'reference: contract-shaped bare node:http ÷ Fastify', op: op.id, value: round(f, 2), need: '–', status: 'info' })
  }
  if (prism) {
    for (const op of ops) {
      const v = pairedRatio(prism.throughput, mockId, 'prism', op.id)
      add('mock ≥ 4× Prism throughput', op.id, v, '≥ 4×', v >= 4)
    }
  }
  if (cold) {
    const ms = (id) => cold[id]?.startMs ?? null
    if (prism) add('mock starts in < 1/4 of Prism’s time', 'start', x(ms(mockId), ms('prism')), '< 0.25×', x(ms(mockId), ms('prism')) < 0.25)
    add('cold start ≤ 1.5× bare Hono', 'start', x(ms(ourId), ms('hono')), '≤ 1.5×', x(ms(ourId), ms('hono')) <= 1.5)
  }
  return rows
}

const fmt = (v, d = 0) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }))

export function markdown(r) {
  const L = []
  L.push(`# make bench — ${r.startedAt}`, '')
  L.push(`Node ${r.env.node} · ${r.env.cpus} × ${r.env.cpuModel} · load average at start ${r.env.loadavg.join(' / ')} · ${r.env.pinning}`)
  L.push(
    `Our server: \`node dist/bundle/main.js\` (the esbuild bundle that \`make build\` writes), SERVE_MODE=${r.options.mode}, all five APIs, response validation enforced, rate limits raised out of the way (still counted).`,
  )
  L.push(
    `All servers started once and sampled in interleaved rounds: ${r.options.rounds} rounds × ${r.options.duration} s per server and operation (after ${r.options.warmup} s warm-up), ${r.options.connections} connections, ${r.env.loadGenerator}, one thread on its own core; medians of the rounds. "server µs/req" is the server process's CPU (user + system) per answered request, steadier than req/s on a shared machine; "client CPU" is the load generator's share of its core (near 100% would mean the client, not the server, set the pace). Whole run ${fmt(r.elapsedSec)} s.`,
  )
  if (r.options.mode === 'mock')
    L.push(
      '',
      '> Our pipeline runs with `SERVE_MODE=mock`: same routing, request id, auth, rate limit, request and response validation as real mode; only the handler differs (it returns the spec example, as the baselines do).',
    )
  L.push('')
  if (r.throughput) {
    L.push('## Throughput and latency (same run, medians)', '')
    for (const op of r.ops) {
      L.push(
        `### ${op.label}`,
        '',
        '| server | req/s | p50 ms | p99 ms | × node:http | server µs/req | client CPU | rounds (req/s) | non-2xx / errors |',
        '|---|---:|---:|---:|---:|---:|---:|---|---|',
      )
      const base = r.throughput['node-http']?.ops[op.id]?.rps
      for (const [id, t] of Object.entries(r.throughput)) {
        const o = t.ops[op.id]
        L.push(
          `| ${t.label}${t.checks.length ? ' ⚠' : ''} | ${fmt(o.rps)} | ${fmt(o.p50, 1)} | ${fmt(o.p99, 1)} | ${fmt(x(o.rps, base), 2)} | ${fmt(o.serverCpuUsPerReq, 1)} | ${o.clientCpu == null ? '–' : `${fmt(o.clientCpu * 100)}%`} | ${o.rounds.join(', ')} | ${o.non2xx} / ${o.errors} |`,
        )
      }
      L.push('')
    }
  }
  if (r.targets?.length) {
    L.push(
      '## Targets (issue 5)',
      '',
      'Throughput ratios are medians of per-round ratios (targets measured back to back within each round); start-up ratios are ratios of medians.',
      '',
      '| target | operation | measured | required | result |',
      '|---|---|---:|---|---|',
    )
    for (const t of r.targets) L.push(`| ${t.name} | ${t.op} | ${t.value === null ? '–' : `${fmt(t.value, 2)}×`} | ${t.need} | **${t.status}** |`)
    L.push('')
  }
  if (r.prism) {
    L.push(
      '## Mock server vs Stoplight Prism (mock mode, request logging silenced)',
      '',
      '| server | GET list req/s | POST command req/s | p50 ms (GET / POST) | start → first answer ms |',
      '|---|---:|---:|---|---:|',
    )
    for (const id of [r.mockId, 'prism']) {
      const t = r.prism.throughput?.[id]
      if (!t) continue
      const [a, b] = r.ops.map((op) => t.ops[op.id])
      L.push(`| ${t.label} | ${fmt(a.rps)} | ${fmt(b.rps)} | ${fmt(a.p50, 1)} / ${fmt(b.p50, 1)} | ${fmt(r.cold?.[id]?.startMs)} |`)
    }
    L.push('')
  }
  if (r.cold) {
    L.push(
      `## Cold start (spawn → first answered authenticated request; ${r.options.cold} starts each, medians)`,
      '',
      '| server | start ms | RSS after first answer MiB | samples ms |',
      '|---|---:|---:|---|',
    )
    for (const t of Object.values(r.cold))
      L.push(
        `| ${t.label} | ${fmt(t.startMs)} | ${fmt(t.rssMiB, 1)} | ${t.samplesMs.join(', ')}${t.failures.length ? ` (failures: ${t.failures.length})` : ''} |`,
      )
    L.push('')
  }
  if (r.real) {
    L.push(
      '## Real handlers against hand-written baselines (issue 15)',
      '',
      'Our server with real handlers (SQLite file) against bare Hono + better-sqlite3 prepared statements running the same queries on the same file and sending the same body (compared before each size is loaded); medians of alternating rounds.',
      '',
    )
    for (const c of Object.values(r.real)) {
      L.push(`### ${c.label}`, '')
      if (c.note) L.push(`> ${c.note}`, '')
      L.push(
        `| ${c.sizeLabel} | body bytes | same answer | baseline req/s | ours req/s | ours ÷ baseline | baseline µs/req | ours µs/req | baseline ÷ ours µs | client CPU |`,
        '|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|',
      )
      for (const [size, v] of Object.entries(c.bySize).sort((p, q) => Number(p[0]) - Number(q[0])))
        L.push(
          `| ${size} | ${fmt(v.bodyBytes)} | ${v.answersIdentical ? 'yes' : '**no**'} | ${fmt(v.baseline.rps)} | ${fmt(v.ours.rps)} | ${fmt(v.ratio, 2)}× | ${fmt(v.baseline.serverCpuUsPerReq, 1)} | ${fmt(v.ours.serverCpuUsPerReq, 1)} | ${v.cpuRatio == null ? '–' : `${fmt(v.cpuRatio, 2)}×`} | ${v.ours.clientCpu == null ? '–' : `${fmt(v.ours.clientCpu * 100)}%`} |`,
        )
      L.push('')
    }
  }
  if (r.heavy) {
    L.push('## Heavy operations', '', '| operation | result |', '|---|---|')
    for (const [name, h] of Object.entries(r.heavy)) {
      if (h.skipped) L.push(`| ${name} | skipped: ${h.skipped} |`)
      else if (h.perExample)
        L.push(
          `| ${name} | first call ${h.firstCallMs} ms; ${Object.entries(h.perExample)
            .map(([k, v]) => (v.error ? `${k}: error ${v.error}` : `${k}: ${fmt(v.medianUsPerCall)} µs/call (${fmt(v.callsPerSec)}/s)`))
            .join('; ')} |`,
        )
      else if (h.acceptedToExecuteMs) {
        const q = (x) => `p50 ${fmt(x?.p50, 2)} / p90 ${fmt(x?.p90, 2)} / p99 ${fmt(x?.p99, 2)} / max ${fmt(x?.max, 1)} ms`
        const f = h.failures
        const rest = Object.entries(f.rest).map(([k, v]) => `${v}× ${k}`)
        const bad = [
          ...rest,
          f.missingExecute && `${f.missingExecute} without execute`,
          f.duplicateExecute && `${f.duplicateExecute} duplicate execute`,
          f.executeWhileDeviceBusy && `${f.executeWhileDeviceBusy} execute to a busy device`,
          f.nodeEvents.length && `${f.nodeEvents.length} node events`,
          h.serverTasks.failed && `${h.serverTasks.failed} tasks failed`,
        ].filter(Boolean)
        L.push(
          `| ${name} | ${h.accepted}/${h.commands} accepted, ${h.executed} executed (${h.concurrency} in flight): 202 → execute ${q(h.acceptedToExecuteMs)}${h.executeBefore202 ? ` (${h.executeBefore202} before their 202)` : ''}; send → execute ${q(h.sendToExecuteMs)}; ${fmt(h.dispatchPerSec)} dispatches/s; server CPU ${fmt(h.cpuMsPerCommand.server, 2)} ms/command; lost replies: ${h.lostReplies ? h.lostReplies.total : 'n/a'}; failures: ${bad.length ? bad.join(', ') : 'none'} |`,
        )
      } else L.push(`| ${name} | ${JSON.stringify(h)} |`)
    }
    L.push('')
  }
  if (r.profile) {
    L.push('## CPU profile of our server under load (run because a pipeline target was missed, or --profile)', '')
    for (const [op, p] of Object.entries(r.profile)) {
      if (p.error) {
        L.push(`- ${op}: ${p.error}`)
        continue
      }
      L.push(`### ${op} (${fmt(p.rpsWhileProfiling)} req/s while profiling; ${p.busySamples} busy samples after warm-up; idle ${p.idlePct}%)`, '')
      L.push('| self time by file | % of busy |', '|---|---:|', ...p.topSelfFiles.map((f) => `| \`${f.name}\` | ${f.pctOfBusy} |`), '')
      L.push(
        '| self time by function | % of busy | µs per request |',
        '|---|---:|---:|',
        ...p.topSelfFunctions.map((f) => `| \`${f.name}\` | ${f.pctOfBusy} | ${fmt(f.usPerRequest, 2)} |`),
        '',
      )
      L.push(
        '| our code, inclusive | % of busy | µs per request |',
        '|---|---:|---:|',
        ...p.topInclusiveOurs.map((f) => `| \`${f.name}\` | ${f.pctOfBusy} | ${fmt(f.usPerRequest, 2)} |`),
        '',
      )
    }
  }
  const problems = Object.entries({ ...(r.throughput ?? {}), ...(r.prism?.throughput ?? {}) }).flatMap(([id, t]) => t.checks.map((c) => `${id}: ${c}`))
  if (problems.length) L.push('## Answer checks that failed (⚠)', '', ...problems.map((p) => `- ${p}`), '')
  if (r.notes.length) L.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '')
  return L.join('\n')
}
