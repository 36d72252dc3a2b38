/**
 * The artifact store on disk: files under one root, read whole and written atomically (a
 * temporary file in the same folder, flushed, then renamed over the target), so a reader sees
 * the old content or the new one, never half of it. Paths are relative to the root and may not
 * leave it.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { dirname, basename, join, resolve, sep } from 'node:path'

export interface StoredFile {
  text: string
  /** The file's modification time. */
  updatedAt: Date
}

export class ArtifactStore {
  readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  /** Absolute path of a relative artifact path; refuses paths that would leave the root. */
  resolve(rel: string): string {
    const abs = resolve(this.root, rel)
    if (!abs.startsWith(this.root + sep)) throw new Error(`artifact path outside the store: ${rel}`)
    return abs
  }

  /** The file's text and modification time, or null when it does not exist. */
  async read(rel: string): Promise<StoredFile | null> {
    const abs = this.resolve(rel)
    try {
      const [text, info] = await Promise.all([readFile(abs, 'utf8'), stat(abs)])
      return { text, updatedAt: info.mtime }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
  }

  /** Replaces the file atomically. Leaves no temporary file behind, even when the rename fails. */
  async write(rel: string, text: string): Promise<void> {
    const abs = this.resolve(rel)
    const dir = dirname(abs)
    await mkdir(dir, { recursive: true })
    // A dot-prefixed name in the same folder: same file system (rename is atomic there) and
    // never mistaken for the artifact by readers, which only open exact names.
    const tmp = join(dir, `.${basename(abs)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
    try {
      const handle = await open(tmp, 'wx', 0o600)
      try {
        await handle.writeFile(text, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(tmp, abs)
    } catch (e) {
      await unlink(tmp).catch(() => {})
      throw e
    }
  }
}
