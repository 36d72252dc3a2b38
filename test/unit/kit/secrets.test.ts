import { describe, expect, it } from 'vitest'
import { randomToken, safeEqual, safeEqualAny } from '../../../src/kit/secrets.js'

describe('safeEqual', () => {
  it('is true only for identical strings', () => {
    expect(safeEqual('abc', 'abc')).toBe(true)
    expect(safeEqual('abc', 'abd')).toBe(false)
  })
  it('handles any lengths without throwing (timingSafeEqual alone would)', () => {
    expect(safeEqual('', 'x'.repeat(64))).toBe(false)
    expect(safeEqual('x'.repeat(10_000), 'x')).toBe(false)
  })
  it('safeEqualAny matches any candidate', () => {
    expect(safeEqualAny('b', ['a', 'b'])).toBe(true)
    expect(safeEqualAny('c', ['a', 'b'])).toBe(false)
  })
  it('randomToken is 64 hex characters like `openssl rand -hex 32`', () => expect(randomToken()).toMatch(/^[0-9a-f]{64}$/))
})
