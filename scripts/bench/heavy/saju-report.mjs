/**
 * Heavy operation: one saju report (`computeReport` from the compiled engine), called directly,
 * for each of the spec's request examples; per-call median over batches. Skips with a note when
 * the engine does not export it (yet). Prints one JSON object.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { perCall } from './per-call.mjs'

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

  return perCall(requests, (req) => engine.computeReport(req), BUDGET_MS)
}

process.stdout.write(JSON.stringify(await main().catch((e) => ({ skipped: `failed: ${e.message}` }))))
