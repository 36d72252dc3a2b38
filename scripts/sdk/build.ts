/**
 * `make sdk`: builds the installable SDK package (sdk/package.json) into a folder: one ES module
 * per API bundled by esbuild (the generated hey-api client and the JCS library inlined, so the
 * package has no runtime dependencies) and its declarations emitted by tsc (sdk/tsconfig.json).
 * With `--pack` it also runs `npm pack` there. The output is not committed: it follows from
 * spec/ (via generated/) and sdk/src/, and the tests build it afresh (test/sdk/).
 *
 *   npx tsx scripts/sdk/build.ts [outDir=dist/sdk] [--pack]
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const root = resolve(import.meta.dirname, '..', '..')
const sdkDir = join(root, 'sdk')

/** The entries: one per `exports` subpath of sdk/package.json (`./saju` → sdk/src/saju.ts). */
export const sdkEntries = (): string[] =>
  Object.keys(JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')).exports)
    .filter((k) => k !== './package.json')
    .map((k) => k.slice(2))

/** Builds the package into `outDir` (emptied first); returns that folder. */
export async function buildSdk(outDir: string): Promise<string> {
  const out = resolve(outDir)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  copyFileSync(join(sdkDir, 'package.json'), join(out, 'package.json'))
  copyFileSync(join(sdkDir, 'README.md'), join(out, 'README.md'))
  await build({
    entryPoints: Object.fromEntries(sdkEntries().map((e) => [e, join(sdkDir, 'src', `${e}.ts`)])),
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    legalComments: 'inline',
    logLevel: 'warning',
  })
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', sdkDir, '--outDir', join(out, 'types')], { stdio: 'inherit' })
  return out
}

/** `npm pack` of a built package folder into `destination`; returns the tarball's path. */
export function packSdk(packageDir: string, destination: string): string {
  mkdirSync(destination, { recursive: true })
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: packageDir, encoding: 'utf8' })
  return join(destination, JSON.parse(json)[0].filename)
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2)
  const outDir = args.find((a) => !a.startsWith('--')) ?? join(root, 'dist', 'sdk')
  const dir = await buildSdk(outDir)
  console.log(`sdk: built ${sdkEntries().join(', ')} into ${dir}`)
  if (args.includes('--pack')) console.log(`sdk: packed ${packSdk(dir, join(dir, '..'))}`)
}
