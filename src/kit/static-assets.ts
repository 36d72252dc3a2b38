/**
 * Files the reference pages load, served from the project's own dependencies so /docs works
 * offline: the pages are pre-rendered by Redocly (`make gen`) and hydrated by the Redoc script
 * that the same @redocly/cli ships (the pages' integrity hash is of that very file).
 * A known name → its bytes, content type and ETag, read once; any other name is null.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Context } from 'hono'
import { projectRoot } from '../paths.js'

export interface StaticAsset {
  body: Uint8Array
  contentType: string
  etag: string
}

/** Where the generated pages expect the assets (scripts/codegen/docs-page.ts writes this path). */
export const DOCS_ASSETS_PATH = '/docs/assets/'

const KNOWN: Record<string, { module: string; contentType: string }> = {
  'redoc.standalone.js': { module: '@redocly/cli/lib/chunks/redoc.standalone.js', contentType: 'text/javascript; charset=utf-8' },
}

// Resolved as Node would from the project root, wherever npm put the package.
const requireFromRoot = createRequire(join(projectRoot, 'package.json'))
const cache = new Map<string, StaticAsset | null>()

export function staticAsset(name: string): StaticAsset | null {
  if (!Object.hasOwn(KNOWN, name)) return null
  let asset = cache.get(name)
  if (asset === undefined) {
    const { module, contentType } = KNOWN[name]
    let body: Uint8Array | null = null
    try {
      body = readFileSync(requireFromRoot.resolve(module))
    } catch {
      // Not installed (e.g. an install without devDependencies): the pages stay readable, unhydrated.
    }
    asset = body && { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url')}"` }
    cache.set(name, asset)
  }
  return asset
}

/** `GET /docs/assets/:name` (the path is not versioned, so browsers revalidate by ETag). */
export function serveDocsAsset(c: Context): Response | Promise<Response> {
  const asset = staticAsset(c.req.param('name') ?? '')
  if (!asset) return c.notFound()
  const headers = { 'Content-Type': asset.contentType, ETag: asset.etag, 'Cache-Control': 'no-cache' }
  if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers)
  return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, headers)
}
