/**
 * `make bench` (issue 5): our contract pipeline against baselines on two orchestrator operations,
 * the mock server against Prism, cold start, heavy operations; loopback only, pinned cores,
 * medians of rounds; writes results/bench.md and results/bench.json.
 *
 *   node scripts/bench/run.mjs [--mode mock|real] [--rounds 5] [--duration 2] [--warmup 1]
 *     [--connections 50] [--cold 5] [--only throughput,prism,cold,heavy,real,scale,profile] [--profile|--no-profile] [--quick]
 * Needs `make build` first (the Makefile's bench target does it). Section `scale` needs a PostgreSQL
 * (BENCH_DATABASE_URL or TEST_DATABASE_URL; the Makefile runs the bench under scripts/dev/with-postgres.sh).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { detectPinning, pinned } from './lib/cpu.mjs'
import { throughputRounds } from './lib/throughput.mjs'
import { coldStarts } from './lib/cold-start.mjs'
import { profileOurs } from './lib/profile.mjs'
import { judgeTargets, markdown } from './lib/report.mjs'
import { round } from './lib/stats.mjs'
import { compareWithBaseline } from './real/compare.mjs'
import { findoriFeed, hitlApprove, orchestratorCommand, orchestratorList, sajuReport } from './real/cases.mjs'
import { scaleOut } from './scale/scale.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url))
if (!existsSync(`${ROOT}dist/src/main.js`) || !existsSync(`${ROOT}dist/generated/orchestrator/examples.gen.js`)) {
  console.error('dist/ is missing: run `make build` first (or `make bench`, which builds).')
  process.exit(2)
}
const { OPERATIONS, BASELINES, PRISM, ours, oursWithoutResponseValidation } = await import('./lib/targets.mjs')

const { values: a } = parseArgs({
  options: {
    mode: { type: 'string', default: 'mock' },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    cold: { type: 'string', default: '5' },
    only: { type: 'string', default: 'throughput,prism,cold,heavy,real,scale' },
    profile: { type: 'boolean' },
    // Node 20's parseArgs has no --no-<flag> negation: spelled out.
    'no-profile': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
})
if (!['mock', 'real'].includes(a.mode)) throw new Error(`--mode must be mock or real, got ${a.mode}`)
const options = a.quick
  ? { mode: a.mode, rounds: 2, duration: 1, warmup: 1, connections: Number(a.connections), cold: 2 }
  : { mode: a.mode, rounds: Number(a.rounds), duration: Number(a.duration), warmup: Number(a.warmup), connections: Number(a.connections), cold: Number(a.cold) }
const sections = new Set(a.only.split(','))
const pin = detectPinning()
const log = (s) => console.log(s)
const t0 = performance.now()
const startedAt = new Date().toISOString()

const our = ours(options.mode)
const ourMock = ours('mock')
const notes = [pin.note]
if (options.mode === 'real')
  notes.push(
    'SERVE_MODE=real on an empty in-memory database: operations whose real handler needs data (a device to command) answer 4xx and are flagged non-2xx / ⚠ until the bench seeds that data.',
  )
const result = { startedAt, options, env: {}, ops: OPERATIONS.map(({ id, label }) => ({ id, label })), ourId: our.id, mockId: ourMock.id, notes }
result.env = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model?.trim(),
  loadavg: loadavg().map((l) => l.toFixed(2)),
  pinning: pin.note,
  loadGenerator: spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 2).join(' '),
  prism: JSON.parse(readFileSync(`${ROOT}node_modules/@stoplight/prism-cli/package.json`, 'utf8')).version,
}
log(`make bench: mode=${options.mode} rounds=${options.rounds} duration=${options.duration}s connections=${options.connections}; ${pin.note}`)

if (sections.has('throughput')) {
  log('\n== throughput: baselines and our pipeline')
  result.throughput = await throughputRounds({
    targets: [...BASELINES, our, oursWithoutResponseValidation(options.mode)],
    ops: OPERATIONS,
    ...options,
    pin,
    log,
  })
}

if (sections.has('prism')) {
  log('\n== mock server vs Prism')
  // Measured again beside Prism, so the two are paired round by round.
  result.prism = { throughput: await throughputRounds({ targets: [ourMock, PRISM], ops: OPERATIONS, ...options, pin, log }) }
}

if (sections.has('cold') || sections.has('prism')) {
  log('\n== cold start')
  const hono = BASELINES.find((b) => b.id === 'hono')
  const targets = [hono, our, ...(options.mode === 'mock' ? [] : [ourMock]), ...(sections.has('prism') ? [PRISM] : [])]
  result.cold = await coldStarts({ targets, n: options.cold, pin, log })
}

if (sections.has('real')) {
  log('\n== real handlers against hand-written baselines (same database, same queries, same body)')
  result.real = {}
  for (const [c, sizes] of [
    [orchestratorList, a.quick ? [20] : [20, 10, 100, 1000]],
    [findoriFeed, a.quick ? [10] : [10, 1, 30]],
    [orchestratorCommand, [100]],
    [sajuReport, [1]],
    // 60 approvals per run: with 25, a major GC inside one run or the other swung a round by up
    // to 60% (LangGraph allocates ~10 ms of work per approval); 60 cost ~20 s in all.
    [hitlApprove, [a.quick ? 10 : 60]],
  ])
    result.real[c.id] = { label: c.label, sizeLabel: c.sizeLabel, note: c.note, bySize: await compareWithBaseline({ ...c, sizes }, { ...options, pin, log }) }
}

if (sections.has('scale')) {
  log('\n== scale-out: the orchestrator on one server process against two, on PostgreSQL')
  result.scale = await scaleOut({ ...options, pin, log }).catch((e) => ({ failed: e.stack ?? e.message }))
  if (result.scale.skipped || result.scale.failed) log(`  ${result.scale.skipped ? 'skipped' : 'FAILED'}: ${result.scale.skipped ?? result.scale.failed}`)
}

if (sections.has('heavy')) {
  log('\n== heavy operations')
  result.heavy = {}
  const q = a.quick
  // Dispatch at three fleet sizes, 20 devices per node (issue 15's scaling figures); --quick: two.
  const fleets = q ? [1000, 10000] : [1000, 5000, 10000]
  for (const [name, file, args] of [
    ['saju report (computeReport, direct call)', 'saju-report.mjs', [q ? '3000' : '8000']],
    ['saju luck (annual and monthly calculators, direct call)', 'saju-luck.mjs', [q ? '2000' : '6000']],
    ...fleets.map((d) => [
      `orchestrator dispatch latency (${d.toLocaleString('en-US')} devices / ${d / 20} nodes)`,
      'orchestrator-dispatch.mjs',
      [q ? '500' : '1000', '16', String(d), '20'],
    ]),
    ['findori OG image (cold, uncached, cached)', 'findori-og.mjs', [q ? '4' : '8', q ? '50' : '200']],
    ['saju PDF job (queued → done, through its runner)', 'saju-pdf-job.mjs', [q ? '3000' : '8000']],
    ['findori pipeline run (1,000 articles, 8 feeds on loopback)', 'findori-pipeline.mjs', ['1000', '8', q ? '3' : '5']],
    ['hitl approve resuming a checkpointed graph (HTTP)', 'hitl-resume.mjs', [q ? '2000' : '6000']],
  ]) {
    const [cmd, argv] = pinned(pin, pin.server, process.execPath, [fileURLToPath(new URL(`./heavy/${file}`, import.meta.url)), ...args])
    const run = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 150_000 })
    try {
      result.heavy[name] = JSON.parse(run.stdout)
    } catch {
      result.heavy[name] = { skipped: `failed (exit ${run.status}): ${(run.stderr || '').slice(-500)}` }
    }
    log(`  ${name}: ${JSON.stringify(result.heavy[name])}`)
  }
}

result.targets = judgeTargets({ throughput: result.throughput, ourId: our.id, ops: OPERATIONS, prism: result.prism, cold: result.cold, mockId: ourMock.id })
const pipelineMiss = result.targets.some((t) => t.status === 'MISS' && t.name.startsWith('pipeline'))
if (a.profile || sections.has('profile') || (pipelineMiss && !a['no-profile'])) {
  log('\n== CPU profile of our server under load' + (a.profile ? '' : ' (a pipeline target was missed)'))
  result.profile = await profileOurs({
    mode: options.mode,
    ops: OPERATIONS,
    duration: Math.max(options.duration, 3),
    connections: options.connections,
    pin,
    dir: `${RESULTS}raw`,
    log,
  })
}

result.elapsedSec = round((performance.now() - t0) / 1000)
mkdirSync(RESULTS, { recursive: true })
writeFileSync(`${RESULTS}bench.json`, JSON.stringify(result, null, 2) + '\n')
const md = markdown(result)
writeFileSync(`${RESULTS}bench.md`, md + '\n')
log('\n' + md)
log(`\nwritten: scripts/bench/results/bench.md, scripts/bench/results/bench.json (${result.elapsedSec} s)`)
