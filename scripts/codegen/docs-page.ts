/**
 * The reference page served at /docs/<slug>: Redocly's pre-rendered HTML (readable without
 * scripts), hydrated by the Redoc script that the server itself serves (src/kit/static-assets.ts)
 * instead of Redocly's CDN, so the page works offline. That script is the copy inside @redocly/cli,
 * the very file the page's integrity hash is computed from.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const REDOC_SCRIPT_PATH = '/docs/assets/redoc.standalone.js'

const CDN_SCRIPT = /https:\/\/cdn\.redocly\.com\/redoc\/v[\w.-]+\/bundles\/redoc\.standalone\.js/g
// A script, module import or preload still fetched from another host after the rewrite.
const REMOTE_CODE = /<script[^>]*\ssrc=["']?(https?:)?\/\/|\bfrom\s*["'](https?:)?\/\/|<link[^>]*\shref=["']?(https?:)?\/\//i

export function renderDocsPage(root: string, specFile: string, outFile: string): void {
  mkdirSync(dirname(outFile), { recursive: true })
  execFileSync(join(root, 'node_modules', '.bin', 'redocly'), ['build-docs', specFile, '-o', outFile], {
    stdio: 'ignore',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  })
  const rendered = readFileSync(outFile, 'utf8')
  const html = rendered.replace(CDN_SCRIPT, REDOC_SCRIPT_PATH)
  // A Redocly upgrade that loads its script differently must fail here, not break /docs offline.
  if (html === rendered || REMOTE_CODE.test(html)) {
    throw new Error(`${outFile}: the page loads code from another host; update scripts/codegen/docs-page.ts for this Redocly version`)
  }
  writeFileSync(outFile, html)
}
