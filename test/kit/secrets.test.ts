import { describe, expect, it } from 'vitest'
import { randomHex, randomToken, safeEqual, secretMatcher } from '../../src/kit/secrets.js'

describe('safeEqual', () => {
  it('is true only for identical strings', () => {
    expect(safeEqual('abc', 'abc')).toBe(true)
    expect(safeEqual('abc', 'abd')).toBe(false)
  })
  it('handles any lengths without throwing (timingSafeEqual alone would)', () => {
    expect(safeEqual('', 'x'.repeat(64))).toBe(false)
    expect(safeEqual('x'.repeat(10_000), 'x')).toBe(false)
  })
  it('secretMatcher matches only its secret, at any given length', () => {
    const isSecret = secretMatcher('s3cret-token-value')
    expect(isSecret('s3cret-token-value')).toBe(true)
    expect(isSecret('s3cret-token-valuf')).toBe(false)
    expect(isSecret('')).toBe(false)
    expect(isSecret('x'.repeat(100_000))).toBe(false)
    expect(isSecret('한국어 토큰')).toBe(false)
  })
  it('randomToken is 64 hex characters like `openssl rand -hex 32`', () => expect(randomToken()).toMatch(/^[0-9a-f]{64}$/))
  it('randomHex gives fresh hex of the asked length across pool refills', () => {
    // 2,000 ids of 5 bytes: the 4 KiB pool (819 ids and a ragged end) is refilled twice on the way.
    const ids = Array.from({ length: 2_000 }, () => randomHex(5))
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{10}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect(randomHex(5_000)).toMatch(/^[0-9a-f]{10000}$/)
  })
})
