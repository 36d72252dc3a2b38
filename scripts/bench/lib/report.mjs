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
    // Fastify does not validate its responses: the same pipeline without that check, against it.
    const n = pairedRatio(throughput, `${ourId}-no-response-validation`, 'fastify', op.id)
    if (n !== null) rows.push({ name: 'reference: pipeline with response validation off ÷ Fastify', op: op.id, value: round(n, 2), need: '–', status: 'info' })
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

const p5 = (q) => (q ? `p50 ${fmt(q.p50, 1)} / p90 ${fmt(q.p90, 1)} ms` : '–')
const kb = (b) => `${fmt(b / 1024)} KiB`

/** One table cell for the issue-15 heavy operations (OG image, PDF job, pipeline run, hitl resume), or null. */
function heavyRow(h) {
  if (h.module && h.http) {
    const m = h.module
    const w = h.http
    return `module: import ${fmt(m.importMs)} ms, cold first render ${fmt(m.coldFirstRenderMs)} ms (fonts read and parsed), uncached render ${p5(m.uncachedRenderMs)}, PNG ${kb(m.pngBytes)}; HTTP (server cache): first request ${fmt(w.firstRequestMs)} ms (${w.firstRequestBeforeWarmUp ? 'before' : 'after or during'} the server’s warm-up), uncached ${p5(w.uncachedRenderMs)}, cached 200 ${p5(w.cachedMs)}, 304 ${p5(w.notModifiedMs)}`
  }
  if (h.jobs && h.batchOf10) {
    const j = (t) =>
      h.jobs[t]
        ? `${t} ${fmt(h.jobs[t].medianMs)} ms (${h.jobs[t].pages} p., ${kb(h.jobs[t].bytes)}; render alone ${fmt(h.renderOnlyMedianMs[t])} ms)`
        : `${t} –`
    return `queued → done per job, median: ${j('standard')}, ${j('detailed')}; first job in the process ${fmt(h.firstJobMs)} ms (pdfkit and fonts load); 10 queued at once: ${fmt(h.batchOf10.perJobMs)} ms per job (${h.batchOf10.done}/10 done)`
  }
  if (h.laterRuns && h.firstRun) {
    const st = h.serverStages
      ? Object.entries(h.serverStages.cpuMsPerRun)
          .map(([k, v]) => `${k} ${fmt(v)} ms (${fmt(h.serverStages.pctOfBusy[k])}%)`)
          .join(', ')
      : 'no profile'
    return `${fmt(h.articles)} articles in ${h.feeds} feeds (${kb(h.fixtureBytes)}; ${h.afterDedupe} after dedupe, ${h.groups} companies/themes, ${h.issuesPerRun} issues): first run ${fmt(h.firstRun.ms)} ms; later runs ${fmt(h.laterRuns.medianMs)} ms = ${fmt(h.laterRuns.msPerArticle, 2)} ms/article (server CPU ${fmt(h.laterRuns.medianServerCpuMs)} ms); server CPU by stage: ${st}; dominant: **${h.dominantStage}**`
  }
  if (h.approveMs && h.afterRestart) {
    return `approve (resume → execute → checkpoint): trading ${p5(h.approveMs.trading)}, rebalance ${p5(h.approveMs.rebalance)}; first in the process ${fmt(h.firstApproveInProcessMs)} ms; after a restart ${p5(h.afterRestart.approveMs)} (first ${fmt(h.afterRestart.firstApproveMs)} ms); thread to its interrupt: trading ${p5(h.createThreadMs.trading)}; server CPU ${fmt(h.serverCpuMsPerThreadAndApproval)} ms per thread + approval`
  }
  return null
}

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
  if (r.scale) L.push(...scaleMarkdown(r.scale, r.options))
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
      } else if (heavyRow(h)) L.push(`| ${name} | ${heavyRow(h)} |`)
      else L.push(`| ${name} | ${JSON.stringify(h)} |`)
    }
    L.push('')
    const fleets = Object.values(r.heavy)
      .filter((h) => h.acceptedToExecuteMs && h.devices)
      .sort((p, q) => p.devices - q.devices)
    if (fleets.length > 1) {
      const base = fleets[0]
      L.push(
        '### Dispatch as the fleet grows (issue 15)',
        '',
        'Same burst at every size (20 devices per node, one reference runner per node, the seed’s 10 messages/s budget per connection). "per dispatch" is the server’s CPU per command less the idle fleet’s background (measured over one 10 s heartbeat period with nothing in flight); the background is a floor (sweeper, timers) plus every device’s heartbeat, so its growth from the smallest fleet, per added device, is the cost of one device heartbeat. The dispatch itself should not grow with the fleet.',
        '',
        '| devices | nodes | connect + register ms | server CPU µs / dispatch | per dispatch ÷ smallest fleet | idle fleet: server CPU ms/s | µs per device heartbeat (growth from the smallest fleet) | dispatches/s | 202 → execute p50 / p99 ms | lost replies |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
      )
      for (const h of fleets) {
        const net = h.cpuMsPerCommand.serverNetOfBackground ?? h.cpuMsPerCommand.server
        const baseNet = base.cpuMsPerCommand.serverNetOfBackground ?? base.cpuMsPerCommand.server
        // One heartbeat per device every 10 s: the background's growth per added device and heartbeat.
        const perBeat =
          h === base || h.idleServerCpuMsPerSec == null || base.idleServerCpuMsPerSec == null
            ? null
            : ((h.idleServerCpuMsPerSec - base.idleServerCpuMsPerSec) * 1000 * 10) / (h.devices - base.devices)
        L.push(
          `| ${fmt(h.devices)} | ${fmt(h.nodes)} | ${fmt(h.connectAndRegisterMs)} | ${fmt(net * 1000)} | ${fmt(x(net, baseNet), 2)}× | ${fmt(h.idleServerCpuMsPerSec, 1)} | ${fmt(perBeat, 1)} | ${fmt(h.dispatchPerSec)} | ${fmt(h.acceptedToExecuteMs.p50, 2)} / ${fmt(h.acceptedToExecuteMs.p99, 1)} | ${h.lostReplies?.total ?? '–'} |`,
        )
      }
      L.push('')
    }
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

/** Section `scale` (issue 14): one server process against two on PostgreSQL. */
function scaleMarkdown(s, options) {
  const L = ['## Scale-out: the orchestrator on one server process against two, on PostgreSQL (issue 14)', '']
  if (s.skipped || s.failed) return [...L, `${s.skipped ? 'Skipped' : '**Failed**'}: ${s.skipped ?? s.failed}`, '']
  const one = s.sets['1p']
  const two = s.sets['2p']
  const tasks = (set) => Object.values(set.tasks ?? {}).reduce((a, b) => a + b, 0)
  L.push(
    `Each set: a node:cluster primary handing connections in turn to 1 or 2 workers (\`dist/bundle/main.js\`, real handlers, its own PostgreSQL ${s.pg.version} database, rate limits counted in the database), ${s.nodes} reference node runners × ${s.devices / s.nodes} devices connected through it (nodes per worker: 1p ${one.nodesByWorker.join(' / ')}, 2p ${two.nodesByWorker.join(' / ')}; \`orch_processes\` rows: 1p ${one.processRows}, 2p ${two.processRows}). Both sets run throughout; ${options.rounds} alternating rounds × ${options.duration} s per set and operation, ${options.connections} connections, wrk on its own core, servers and PostgreSQL unpinned. The command cycles over every device (\`run_script\` of 1 ms on the node), so "µs/req" of a command includes dispatching it to the node and recording its result.`,
    '',
    `Commands that crossed processes in the 2-process set (accepted by one worker for a device on the other's node: an action row and a NOTIFY): ${fmt(two.actionsPosted)} actions for ${fmt(tasks(two))} commands (${fmt(tasks(two) ? (100 * two.actionsPosted) / tasks(two) : null)}%). Tasks at the end: 1p ${JSON.stringify(one.tasks ?? {})}, 2p ${JSON.stringify(two.tasks ?? {})}. Idle (no load, 2 s): ${JSON.stringify(s.idle ?? {})} cores.`,
    '',
    '| operation | processes | req/s | 2p ÷ 1p | p50 / p99 ms | µs/req: servers · primary · PostgreSQL · runners | cores: workers · PostgreSQL · wrk | machine busy (of its cores) | CPU ceiling req/s | bound | rounds (req/s) | non-2xx / errors |',
    '|---|---:|---:|---:|---|---|---|---:|---:|---|---|---|',
  )
  for (const [id, label] of Object.entries(s.labels)) {
    for (const [name, set] of [
      ['1', one],
      ['2', two],
    ]) {
      const o = set.ops[id]
      const u = o.usPerReq
      const c = o.cores
      L.push(
        `| ${name === '1' ? label : ''} | ${name}${set.checks.length ? ' ⚠' : ''} | ${fmt(o.rps)} | ${name === '2' ? `**${fmt(s.ratios[id], 2)}×**` : ''} | ${fmt(o.p50, 1)} / ${fmt(o.p99, 1)} | ${fmt(u.servers)} · ${fmt(u.primary, 1)} · ${fmt(u.postgres)} · ${fmt(u.runners)} | ${c.perWorker.map((w) => fmt(w, 2)).join(' + ')} · ${fmt(c.postgres, 2)} · ${fmt(o.clientCpu, 2)} | ${fmt(c.machine, 2)} | ${fmt(o.ceilingRps)} | ${o.bound} | ${o.rounds.join(', ')} | ${o.non2xx} / ${o.errors} |`,
      )
    }
  }
  const checks = [...one.checks.map((c) => `1p: ${c}`), ...two.checks.map((c) => `2p: ${c}`)]
  for (const [id, set] of [
    ['1p', one],
    ['2p', two],
  ])
    if (set.errorLogs?.count) checks.push(`${id}: ${set.errorLogs.count} error log records, first: ${set.errorLogs.first.map((l) => `\`${l}\``).join(' ')}`)
  L.push('', ...(checks.length ? ['Checks that failed (⚠ on a first answer):', '', ...checks.map((c) => `- ${c}`), ''] : []))
  L.push(
    '"bound": "machine CPU" when the machine had ≥ 90% of its cores busy over the run (ours and anyone else\'s), "server process" when a worker used ≥ 90% of a core, otherwise "waiting" (round trips and row locks). "CPU ceiling": what the machine\'s cores could serve at the measured CPU per request of everything in the run (servers, primary, PostgreSQL, runners, wrk), when nothing else ran. "2p ÷ 1p" is the median of per-round ratios.',
    '',
  )
  return L
}
