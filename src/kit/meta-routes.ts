/**
 * The app's own pages beside the operations: an index of the APIs served, each spec (and any
 * extra document such as an AsyncAPI spec) at /openapi/<file>, and each API's reference page
 * at /docs/<slug>.
 */
import { readFileSync } from 'node:fs'
import type { Hono } from 'hono'
import type { ContractDefinition } from './contract.js'
import { serveDocsAsset } from './static-assets.js'

export interface ServedContract {
  def: ContractDefinition
  mocked: boolean
  /** Reference page HTML (pre-rendered by `make gen`), read on first request; null if none. */
  docsHtml?: () => string | null
  /** Extra documents served beside the OpenAPI one: file name → absolute path. */
  extraSpecs?: Record<string, string>
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

export function addMetaRoutes(app: Hono, contracts: ServedContract[]): void {
  const bySlug = new Map(contracts.map((c) => [c.def.table.slug, c]))

  app.get('/', (c) => {
    const items = contracts
      .map((m) => {
        const { slug, title, version } = m.def.table
        const extras = Object.keys(m.extraSpecs ?? {})
          .map((f) => ` · <a href="/openapi/${f}">${f}</a>`)
          .join('')
        return `<li><b>${escapeHtml(title)}</b> <code>${slug}</code> v${escapeHtml(version)} — ${m.mocked ? 'mock' : 'real'} — <a href="/docs/${slug}">reference</a> · <a href="/openapi/${slug}.yaml">openapi</a>${extras}</li>`
      })
      .join('\n')
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>APIs</title><h1>APIs served here</h1><ul>${items}</ul></html>`)
  })

  app.get('/openapi/:file', (c) => {
    const file = c.req.param('file')
    for (const m of contracts) {
      if (file === `${m.def.table.slug}.yaml` || file === `${m.def.table.slug}.openapi.yaml`) {
        return c.body(readFileSync(m.def.specFile, 'utf8'), 200, { 'Content-Type': 'application/yaml; charset=utf-8' })
      }
      const extra = m.extraSpecs?.[file]
      if (extra) return c.body(readFileSync(extra, 'utf8'), 200, { 'Content-Type': 'application/yaml; charset=utf-8' })
    }
    return c.json({ error: 'not_found', message: `no spec named ${file}` }, 404)
  })

  // The reference pages' script, from the project's own dependencies (the docs work offline).
  app.get('/docs/assets/:name', serveDocsAsset)

  app.get('/docs/:slug', (c) => {
    const m = bySlug.get(c.req.param('slug'))
    const html = m?.docsHtml?.()
    if (!html) return c.json({ error: 'not_found', message: `no reference page for ${c.req.param('slug')}` }, 404)
    return c.html(html)
  })
}
