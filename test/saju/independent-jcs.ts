/**
 * npm `canonicalize` (Samuel Erdtman's RFC 8785 implementation), an implementation independent
 * of the json-canonicalize the server signs with. Its typings declare an ES default export over
 * a CommonJS module, so the callable is taken from whichever shape the loader hands back.
 */
import * as lib from 'canonicalize'
import { createHash } from 'node:crypto'

const mod = lib as unknown as { default?: unknown }
export const canonicalize = (
  typeof mod.default === 'function'
    ? mod.default
    : typeof (mod.default as { default?: unknown })?.default === 'function'
      ? (mod.default as { default: unknown }).default
      : lib
) as (v: unknown) => string

/** signatures.sha256 as a client recomputes it: SHA-256 of the canonical body without `signatures`. */
export function independentSha(body: Record<string, unknown>): string {
  const { signatures: _s, ...rest } = body
  return createHash('sha256').update(canonicalize(rest), 'utf8').digest('hex')
}
