/**
 * The reference pages' script comes from the project's own dependencies: a known name gives the
 * file @redocly/cli ships (read once), anything else nothing.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { staticAsset } from '../../src/kit/static-assets.js'

const REDOC = 'node_modules/@redocly/cli/lib/chunks/redoc.standalone.js'

describe('staticAsset', () => {
  it('serves Redoc’s standalone bundle as JavaScript, byte for byte', () => {
    const asset = staticAsset('redoc.standalone.js')!
    expect(asset.contentType).toMatch(/^text\/javascript\b/)
    expect(Buffer.from(asset.body).equals(readFileSync(REDOC))).toBe(true)
    expect(asset.etag).toBe(`"${createHash('sha256').update(readFileSync(REDOC)).digest('base64url')}"`)
  })

  it('reads the file once', () => {
    expect(staticAsset('redoc.standalone.js')).toBe(staticAsset('redoc.standalone.js'))
  })

  it.each(['redoc.js', '../package.json', '..%2fpackage.json', 'constructor', '__proto__', ''])('knows nothing called %j', (name) => {
    expect(staticAsset(name)).toBeNull()
  })
})
