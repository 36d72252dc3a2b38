/**
 * Cold start: process spawn → first answered (authenticated list) request, and resident memory
 * right after that answer; `n` starts per target, interleaved, medians.
 */
import { rssMiB, startServer } from './proc.mjs'
import { PROBE } from './targets.mjs'
import { freshPort } from './throughput.mjs'
import { median } from './stats.mjs'

export async function coldStarts({ targets, n, pin, log }) {
  const raw = Object.fromEntries(targets.map((t) => [t.id, { ms: [], rss: [], statuses: [], failures: [] }]))
  for (let i = 0; i < n; i++) {
    for (const t of targets) {
      const port = freshPort()
      try {
        const h = await startServer({ ...t, args: t.argsFor ? t.argsFor(port) : t.args, port, probe: PROBE, pin, core: pin.server })
        raw[t.id].ms.push(h.startMs)
        raw[t.id].rss.push(rssMiB(h.pid))
        raw[t.id].statuses.push(h.first.status)
        await h.stop()
      } catch (e) {
        raw[t.id].failures.push(e.message.slice(0, 500))
        log(`  ${t.id}: ${e.message.slice(0, 300)}`)
      }
    }
  }
  const out = {}
  for (const t of targets) {
    const r = raw[t.id]
    out[t.id] = {
      label: t.label,
      startMs: median(r.ms),
      rssMiB: median(r.rss),
      samplesMs: r.ms.map((x) => Math.round(x)),
      firstStatuses: [...new Set(r.statuses)],
      failures: r.failures,
    }
    log(
      `  ${t.id.padEnd(16)} start ${Math.round(out[t.id].startMs ?? NaN)} ms  RSS ${out[t.id].rssMiB?.toFixed(1)} MiB  (samples ${out[t.id].samplesMs.join(', ')})`,
    )
  }
  return out
}
