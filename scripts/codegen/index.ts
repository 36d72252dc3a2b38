/**
 * `make gen`: spec/*.yaml → generated/<slug>/ (route table, handler interface, precompiled
 * validators, examples, SDK and types) and generated/orchestrator-ws/ (AsyncAPI messages).
 * Fails, writing nothing for that spec, when a spec's examples break its own schemas.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { createClient } from '@hey-api/openapi-ts'
import { checkRefs, loadSpec, pascalCase, SpecError } from './spec-doc.js'
import { sdkConfig } from './openapi-ts.config.js'
import { buildModel, validatorEntries } from './model.js'
import { checkExamples } from './check-examples.js'
import { standaloneModule } from './validators.js'
import { emitContract, emitExamples, emitHandlers, emitMockSchemas, emitRoutes, emitValidators } from './emit.js'
import { generateAsyncApi } from './asyncapi.js'
import { renderDocsPage } from './docs-page.js'
import { generateOperatorDashboard } from './operator-dashboard.js'
import { generateMock } from './mock.js'

const root = join(import.meta.dirname, '..', '..')
const specDir = join(root, 'spec')
const outDir = join(root, 'generated')

async function generateOpenApi(file: string): Promise<string[]> {
  const { slug, doc } = loadSpec(file)
  checkRefs(basename(file), doc)
  const models = buildModel(doc, basename(file))
  const entries = validatorEntries(models)
  const problems = checkExamples(slug, doc, models, entries)
  if (problems.length) return problems

  const dir = join(outDir, slug)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  await createClient(sdkConfig(file, join(dir, 'sdk')))
  const heyTypes = readFileSync(join(dir, 'sdk', 'types.gen.ts'), 'utf8')
  writeFileSync(join(dir, 'routes.gen.ts'), emitRoutes(slug, doc, models))
  writeFileSync(join(dir, 'handlers.gen.ts'), emitHandlers(basename(file), slug, `${pascalCase(slug)}Handlers`, models, heyTypes))
  writeFileSync(join(dir, 'examples.gen.ts'), emitExamples(models))
  writeFileSync(join(dir, 'mock-schemas.gen.ts'), emitMockSchemas(doc, models))
  writeFileSync(join(dir, 'validators.gen.ts'), emitValidators(standaloneModule(slug, doc, entries)))
  writeFileSync(join(dir, 'contract.gen.ts'), emitContract(slug, basename(file)))
  // The reference page served at /docs/<slug>: pre-rendered HTML, readable without scripts.
  renderDocsPage(root, file, join(outDir, 'docs', `${slug}.html`))
  console.log(`gen: ${slug}: ${models.length} operations, ${entries.length} validators`)
  return []
}

const files = readdirSync(specDir)
  .filter((f) => /\.openapi\.ya?ml$/.test(f))
  .sort()
const only = process.argv.slice(2)
let failed = false
/** A spec the generator cannot represent is reported like a broken example: by location, no stack. */
const orProblem = (run: () => Promise<string[]>) =>
  run().catch((e) => {
    if (e instanceof SpecError) return [e.message]
    throw e
  })
for (const f of files) {
  if (only.length && !only.some((o) => f.startsWith(o))) continue
  const problems = await orProblem(() => generateOpenApi(join(specDir, f)))
  if (problems.length) {
    failed = true
    console.error(`gen: ${f}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`)
  }
}
await generateOperatorDashboard(root, outDir, only)
for (const f of readdirSync(specDir)
  .filter((x) => /\.asyncapi\.ya?ml$/.test(x))
  .sort()) {
  if (only.length && !only.some((o) => f.startsWith(o))) continue
  const problems = await orProblem(() => generateAsyncApi(join(specDir, f), outDir))
  if (problems.length) {
    failed = true
    console.error(`gen: ${f}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`)
  }
}
// The mock's scenarios and WebSocket tables read what the steps above wrote.
const mockProblems = await orProblem(() => generateMock(root, outDir))
if (mockProblems.length) {
  failed = true
  console.error(`gen: mock: ${mockProblems.length} problem(s):\n  ${mockProblems.join('\n  ')}`)
}
if (failed) process.exit(1)
