/**
 * The `Prefer` request header as Prism reads it for mocks: `Prefer: code=404, example=notFound`,
 * `Prefer: dynamic=true, seed=7`. Unknown preferences are ignored (RFC 7240 says so too).
 */
export interface MockPreferences {
  code?: string
  example?: string
  dynamic?: boolean
  seed?: number
}

export function parsePrefer(header: string | undefined | null): MockPreferences {
  const out: MockPreferences = {}
  if (!header) return out
  for (const part of header.split(/[,;]/)) {
    const [rawKey, ...rest] = part.split('=')
    const key = rawKey.trim().toLowerCase()
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1')
    if (key === 'code' && value) out.code = value
    else if (key === 'example' && value) out.example = value
    else if (key === 'dynamic') out.dynamic = value === '' || value === 'true'
    else if (key === 'seed' && /^\d+$/.test(value)) out.seed = Number(value)
  }
  return out
}
