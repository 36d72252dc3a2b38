/**
 * Where the project's files are, whether running from src/ (tsx, vitest) or dist/src/ (node):
 * the root is the nearest folder above this file with both package.json and spec/.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(start: string): string {
  let dir = start
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'spec')))) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`project root not found above ${start}`)
    dir = up
  }
  return dir
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)))
export const specFile = (name: string) => join(projectRoot, 'spec', name)
export const generatedFile = (...parts: string[]) => join(projectRoot, 'generated', ...parts)
/** A data file kept beside the sources (src/…): found from src/, dist/src/ and the bundle alike. */
export const sourceFile = (...parts: string[]) => join(projectRoot, 'src', ...parts)
