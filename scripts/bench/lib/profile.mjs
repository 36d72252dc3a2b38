/**
 * CPU profile of our server under load (`node --cpu-prof`), summarized: where the samples land
 * by file and function (self time) and which of our functions hold the time (inclusive).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { startServer } from './proc.mjs'
import { runLoad } from './load.mjs'
import { PROBE, ours } from './targets.mjs'
import { freshPort } from './throughput.mjs'

export async function profileOurs({ mode, ops, duration, connections, pin, dir, log }) {
  const out = {}
  for (const op of ops) {
    const opDir = join(dir, `cpuprofile-${op.id}`)
    rmSync(opDir, { recursive: true, force: true })
    mkdirSync(opDir, { recursive: true })
    // The unbundled build, so samples name our files (the bundle is one file with the libraries).
    const target = ours(mode, ['--cpu-prof', `--cpu-prof-dir=${opDir}`], 'modules')
    const port = freshPort()
    const h = await startServer({ ...target, port, probe: PROBE, pin, core: pin.server })
    const warmStarted = performance.now()
    await runLoad({ port, op, connections, duration: 1, pin })
    // Samples before the end of the warm-up (start-up, module compilation, first JIT) are left out.
    const skipMs = h.startMs + (performance.now() - warmStarted)
    const load = await runLoad({ port, op, connections, duration, pin })
    await h.stop()
    const file = readdirSync(opDir).find((f) => f.endsWith('.cpuprofile'))
    if (!file) {
      out[op.id] = { error: 'no .cpuprofile written (did the server exit cleanly on SIGTERM?)' }
      continue
    }
    const summary = summarizeProfile(JSON.parse(readFileSync(join(opDir, file), 'utf8')), skipMs, load.total)
    out[op.id] = { rpsWhileProfiling: Math.round(load.rps), file: join(opDir, file), ...summary }
    log(`  profile ${op.id}: ${out[op.id].file}`)
  }
  return out
}

const shortUrl = (url) => {
  if (!url) return '(native)'
  const m = /\/(dist\/.*|node_modules\/.*)$/.exec(url)
  return m ? m[1] : url.replace(/^file:\/\//, '')
}
const label = (cf) => `${cf.functionName || '(anonymous)'} ${shortUrl(cf.url)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`

/** `requests`: how many the load sent while sampling, for CPU µs per request (optional). */
export function summarizeProfile(profile, skipMs = 0, requests = 0) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const counts = new Map()
  let t = profile.startTime
  let windowUs = 0
  profile.samples.forEach((s, i) => {
    t += profile.timeDeltas[i]
    if (t - profile.startTime >= skipMs * 1000) {
      counts.set(s, (counts.get(s) ?? 0) + 1)
      windowUs += profile.timeDeltas[i]
    }
  })
  let total = 0
  let idle = 0
  const selfFn = new Map()
  const selfFile = new Map()
  const incl = new Map()
  for (const [id, hits] of counts) {
    const n = byId.get(id)
    total += hits
    const name = n.callFrame.functionName
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
      if (name === '(idle)') idle += hits
      selfFn.set(name, (selfFn.get(name) ?? 0) + hits)
      selfFile.set(name, (selfFile.get(name) ?? 0) + hits)
      continue
    }
    const key = label(n.callFrame)
    selfFn.set(key, (selfFn.get(key) ?? 0) + hits)
    const file = shortUrl(n.callFrame.url)
    selfFile.set(file, (selfFile.get(file) ?? 0) + hits)
    // Inclusive time for our own code (kit, services, generated validators): each frame once per sample.
    const seen = new Set()
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur).callFrame
      if (!/\/dist\/(src|generated)\//.test(cf.url)) continue
      const k = label(cf)
      if (!seen.has(k)) {
        seen.add(k)
        incl.set(k, (incl.get(k) ?? 0) + hits)
      }
    }
  }
  const busy = total - idle
  selfFn.delete('(idle)')
  selfFile.delete('(idle)')
  const usPerSample = total ? windowUs / total : 0
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => ({
        name: k,
        pctOfBusy: Number(((100 * v) / busy).toFixed(1)),
        ...(requests ? { usPerRequest: Number(((v * usPerSample) / requests).toFixed(2)) } : {}),
      }))
  return {
    samples: total,
    busySamples: busy,
    idlePct: Number(((100 * idle) / total).toFixed(1)),
    topSelfFunctions: top(selfFn, 15),
    topSelfFiles: top(selfFile, 12),
    topInclusiveOurs: top(incl, 15),
  }
}
