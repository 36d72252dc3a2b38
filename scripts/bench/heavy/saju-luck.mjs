/**
 * Heavy operation: annual (세운) and monthly (월운) luck from the compiled engine, called directly,
 * for each of the spec's request examples of getAnnualLuck and getMonthlyLuck; per-call medians.
 * Prints one JSON object.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { perCall } from './per-call.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const ENGINE = `${ROOT}dist/src/services/saju/engine/index.js`
const EXAMPLES = `${ROOT}dist/generated/saju/examples.gen.js`
const BUDGET_MS = Number(process.argv[2] ?? 6000)

async function main() {
  if (!existsSync(ENGINE)) return { skipped: 'src/services/saju/engine/index.ts is not compiled into dist/ (run make build)' }
  const engine = await import(ENGINE)
  const { examples } = await import(EXAMPLES)
  const policies = engine.defaultPolicies()
  const annual = new engine.AnnualLuckCalculator(policies)
  const monthly = new engine.MonthlyLuckCalculator(policies)
  const inputs = [
    ...Object.entries(examples.getAnnualLuck?.request?.body ?? {}).map(([name, req]) => [`annual ${name}`, { kind: 'annual', req }]),
    ...Object.entries(examples.getMonthlyLuck?.request?.body ?? {}).map(([name, req]) => [`monthly ${name}`, { kind: 'monthly', req }]),
  ]
  if (!inputs.length) return { skipped: 'no getAnnualLuck/getMonthlyLuck request example in the saju spec' }
  return perCall(inputs, ({ kind, req }) => (kind === 'annual' ? annual : monthly).report(req), BUDGET_MS)
}

process.stdout.write(JSON.stringify(await main().catch((e) => ({ skipped: `failed: ${e.message}` }))))
