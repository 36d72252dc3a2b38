/**
 * Throughput: every target is started once (pinned) and its answers checked against the spec's
 * examples; each operation is warmed up; then `rounds` short runs per target and operation are
 * interleaved (order rotated each round), so every target is sampled across the same stretch of
 * a noisy machine. Medians of the rounds, and per-round ratios between targets, are what count.
 */
import { isDeepStrictEqual } from 'node:util'
import { httpRequest, startServer } from './proc.mjs'
import { runLoad } from './load.mjs'
import { PROBE } from './targets.mjs'
import { median } from './stats.mjs'

let nextPort = 18100
export const freshPort = () => nextPort++

/** Sends each operation once and compares with the expected status (and body, where exact). */
export async function checkAnswers(port, target, ops) {
  const problems = []
  for (const op of ops) {
    try {
      const res = await httpRequest(port, op)
      if (res.status !== op.expect.status) problems.push(`${op.id}: status ${res.status}, expected ${op.expect.status}: ${res.body.slice(0, 300)}`)
      else if (target.exactBodies && !isDeepStrictEqual(JSON.parse(res.body), op.expect.body))
        problems.push(`${op.id}: body differs from the spec example: ${res.body.slice(0, 300)}`)
    } catch (e) {
      problems.push(`${op.id}: ${e.message}`)
    }
  }
  return problems
}

export async function throughputRounds({ targets, ops, rounds, duration, warmup, connections, pin, log }) {
  const raw = Object.fromEntries(targets.map((t) => [t.id, { checks: [], starts: [], ...Object.fromEntries(ops.map((o) => [o.id, []])) }]))
  const running = []
  try {
    for (const t of targets) {
      const port = freshPort()
      try {
        const handle = await startServer({ ...t, args: t.argsFor ? t.argsFor(port) : t.args, port, probe: PROBE, pin, core: pin.server })
        running.push({ t, port, handle })
        raw[t.id].starts.push(handle.startMs)
      } catch (e) {
        log(`  ${t.id}: failed to start: ${e.message}`)
        raw[t.id].checks.push(`failed to start: ${e.message.slice(0, 500)}`)
        continue
      }
      const problems = await checkAnswers(port, t, ops)
      raw[t.id].checks.push(...problems)
      for (const p of problems) log(`  ${t.id}: CHECK FAILED ${p}`)
      if (warmup) for (const op of ops) await runLoad({ port, op, connections, duration: warmup, pin })
    }
    for (let r = 0; r < rounds; r++) {
      for (const op of ops) {
        for (let i = 0; i < running.length; i++) {
          const { t, port, handle } = running[(i + r) % running.length]
          const res = await runLoad({ port, op, connections, duration, pin, serverPid: handle.pid })
          res.round = r
          raw[t.id][op.id].push(res)
          log(
            `  round ${r + 1}/${rounds} ${t.id.padEnd(16)} ${op.id.padEnd(18)} ${Math.round(res.rps).toString().padStart(6)} req/s  p50 ${res.p50} ms  p99 ${res.p99} ms  server ${res.serverCpuUsPerReq?.toFixed(1)} µs/req  client CPU ${Math.round((res.clientCpu ?? 0) * 100)}%${res.non2xx || res.errors ? `  non-2xx ${res.non2xx} errors ${res.errors}` : ''}`,
          )
        }
      }
    }
  } finally {
    for (const { handle } of running) await handle.stop()
  }
  return summarize(raw, targets, ops)
}

function summarize(raw, targets, ops) {
  const out = {}
  for (const t of targets) {
    out[t.id] = { label: t.label, checks: raw[t.id].checks, startMs: median(raw[t.id].starts), ops: {} }
    for (const op of ops) {
      const runs = raw[t.id][op.id]
      out[t.id].ops[op.id] = {
        rps: median(runs.map((x) => x.rps)),
        p50: median(runs.map((x) => x.p50)),
        p99: median(runs.map((x) => x.p99)),
        non2xx: runs.reduce((s, x) => s + x.non2xx, 0),
        errors: runs.reduce((s, x) => s + x.errors + x.timeouts, 0),
        rounds: runs.map((x) => Math.round(x.rps)),
        // Server CPU per request is steadier than req/s on a shared machine; client CPU shows a saturated load generator.
        serverCpuUsPerReq: median(runs.map((x) => x.serverCpuUsPerReq).filter((x) => x != null)),
        clientCpu: median(runs.map((x) => x.clientCpu).filter((x) => x != null)),
      }
    }
  }
  return out
}

/** Median over rounds of a/b measured in the same round (robust to the machine's drift). */
export function pairedRatio(result, a, b, opId) {
  const ra = result?.[a]?.ops[opId]?.rounds ?? []
  const rb = result?.[b]?.ops[opId]?.rounds ?? []
  const n = Math.min(ra.length, rb.length)
  return n ? median(Array.from({ length: n }, (_, i) => (rb[i] ? ra[i] / rb[i] : null))) : null
}
