/**
 * `make spec-diff`: each spec/<slug>.openapi.yaml against its last released version,
 * spec/released/<slug>.openapi.yaml. Prints every change, marked breaking or not for a client
 * of the released version, and fails when a spec breaks clients without a new `info.version`
 * major. `make release-spec` (`--release`) copies the current specs over the released ones.
 *
 *   npx tsx scripts/spec-diff/index.ts [--spec-dir spec] [--released-dir spec/released] [--release]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve as resolvePath } from 'node:path'
import { type Change, compareDocuments } from './compare.js'
import { isObj, loadDocument, majorOf } from './resolve.js'

export interface GateResult {
  ok: boolean
  lines: string[]
}

const specsIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.openapi\.ya?ml$/.test(f)) : []).sort()
const versionOf = (doc: Record<string, unknown>) => (isObj(doc.info) ? String(doc.info.version ?? '') : '')
const line = (c: Change) => `  ${c.breaking ? 'BREAKING' : 'ok      '}  ${c.operation} · ${c.where}: ${c.what}`

export function runGate(specDir: string, releasedDir: string): GateResult {
  const lines: string[] = []
  let ok = true
  const current = specsIn(specDir)
  for (const file of specsIn(releasedDir)) {
    if (!current.includes(file)) {
      ok = false
      lines.push(`spec-diff: ${file}: BREAKING: the released API is gone from ${specDir}`)
    }
  }
  for (const file of current) {
    const slug = file.replace(/\.openapi\.ya?ml$/, '')
    const released = join(releasedDir, file)
    if (!existsSync(released)) {
      lines.push(`spec-diff: ${slug}: not released yet (no ${released}); \`make release-spec\` records it`)
      continue
    }
    // Byte-identical files cannot differ; not parsing them keeps the gate quick.
    if (readFileSync(released, 'utf8') === readFileSync(join(specDir, file), 'utf8')) {
      lines.push(`spec-diff: ${slug}: unchanged since released`)
      continue
    }
    const before = loadDocument(released)
    const after = loadDocument(join(specDir, file))
    const changes = compareDocuments(before, after)
    const breaking = changes.filter((c) => c.breaking)
    const vb = versionOf(before)
    const va = versionOf(after)
    const bumped = (majorOf(va) ?? 0) > (majorOf(vb) ?? 0)
    lines.push(`spec-diff: ${slug} ${vb} → ${va}: ${changes.length} change(s), ${breaking.length} breaking for clients of ${vb}`)
    for (const c of [...breaking, ...changes.filter((x) => !x.breaking)]) lines.push(line(c))
    if (breaking.length && !bumped) {
      ok = false
      const next = `${(majorOf(vb) ?? 0) + 1}.0.0`
      lines.push(
        `spec-diff: ${slug}: ${breaking.length} breaking change(s) without a new major version. Either keep the released behaviour,`,
        `  or bump info.version in ${join(specDir, file)} to ${next} (clients must change), then \`make release-spec\` when it ships.`,
      )
    } else if (breaking.length) lines.push(`spec-diff: ${slug}: breaking changes accepted: major version ${majorOf(vb)} → ${majorOf(va)}`)
  }
  return { ok, lines }
}

/** Records the current specs as released. */
export function releaseSpecs(specDir: string, releasedDir: string): string[] {
  mkdirSync(releasedDir, { recursive: true })
  const files = specsIn(specDir)
  for (const f of files) copyFileSync(join(specDir, f), join(releasedDir, f))
  return files
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2)
  const opt = (name: string, fallback: string) => {
    const i = args.indexOf(name)
    return resolvePath(i >= 0 && args[i + 1] ? args[i + 1]! : fallback)
  }
  const root = resolvePath(import.meta.dirname, '..', '..')
  const specDir = opt('--spec-dir', join(root, 'spec'))
  const releasedDir = opt('--released-dir', join(specDir, 'released'))
  if (args.includes('--release')) {
    console.log(`release-spec: ${releaseSpecs(specDir, releasedDir).join(', ')} → ${releasedDir}`)
  } else {
    const { ok, lines } = runGate(specDir, releasedDir)
    console.log(lines.join('\n'))
    if (!ok) process.exit(1)
  }
}
