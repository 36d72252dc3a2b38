/**
 * Heavy operation: one saju report (`computeReport` from the compiled engine), called directly,
 * for each of the spec's request examples; per-call median over batches. Skips with a note when
 * the engine does not export it (yet). Prints one JSON object.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const ENGINE = `${ROOT}dist/src/services/saju/engine/index.js`
const EXAMPLES = `${ROOT}dist/generated/saju/examples.gen.js`
const BUDGET_MS = Number(process.argv[2] ?? 8000)

async function main() {
  if (!existsSync(ENGINE)) return { skipped: 'src/services/saju/engine/index.ts is not compiled into dist/ (run make build)' }
  let engine
  try {
    engine = await import(ENGINE)
  } catch (e) {
    return { skipped: `engine failed to load: ${e.message}` }
  }
  if (typeof engine.computeReport !== 'function') return { skipped: 'the engine does not export computeReport yet' }
  const { examples } = await import(EXAMPLES)
  const requests = Object.entries(examples.createSajuReport?.request?.body ?? {})
  if (!requests.length) return { skipped: 'no createSajuReport request example in the saju spec' }

  const t0 = performance.now()
  engine.computeReport(requests[0][1])
  const firstCallMs = performance.now() - t0
  const perExample = {}
  const deadline = performance.now() + BUDGET_MS
  for (const [name, req] of requests) {
    try {
      for (let i = 0; i < 20; i++) engine.computeReport(req) // warm-up
    } catch (e) {
      perExample[name] = { error: e.message }
      continue
    }
    const batches = []
    const share = (deadline - performance.now()) / (requests.length * 7)
    for (let b = 0; b < 7; b++) {
      let calls = 0
      const start = performance.now()
      while (performance.now() - start < share || calls < 10) {
        engine.computeReport(req)
        calls++
      }
      batches.push(((performance.now() - start) * 1000) / calls)
    }
    batches.sort((a, b) => a - b)
    perExample[name] = { medianUsPerCall: Number(batches[3].toFixed(1)), callsPerSec: Math.round(1e6 / batches[3]) }
  }
  return { firstCallMs: Number(firstCallMs.toFixed(1)), perExample }
}

process.stdout.write(JSON.stringify(await main().catch((e) => ({ skipped: `failed: ${e.message}` }))))
