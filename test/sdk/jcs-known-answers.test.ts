/**
 * The SDK's canonical form against RFC 8785's own examples (section 3.2.2 and 3.2.3), so the
 * saju signature check does not merely agree with the server that it checks.
 */
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { bodyDigest, canonicalBody } from '../../sdk/src/saju.js'

it('serializes numbers, strings and literals as RFC 8785 section 3.2.2 shows', () => {
  const input = JSON.parse(
    '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
  )
  expect(canonicalBody(input)).toBe(
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  )
})

it('sorts properties by UTF-16 code units as RFC 8785 section 3.2.3 shows', () => {
  const input = JSON.parse(
    '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
  )
  // (Compared as text: parsing it back would put the integer-like key "1" first again.)
  expect(canonicalBody(input)).toBe(
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  )
})

it('hashes the canonical bytes without the signatures member', async () => {
  const body = { b: 1, a: '사주', signatures: { sha256: 'x' } }
  expect(canonicalBody(body)).toBe('{"a":"사주","b":1}')
  expect(await bodyDigest(body)).toBe(createHash('sha256').update('{"a":"사주","b":1}', 'utf8').digest('hex'))
})
