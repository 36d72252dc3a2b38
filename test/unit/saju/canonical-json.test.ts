// The canonicalizer the server signs with (json-canonicalize) against RFC 8785's published test
// data: the cyberphone vectors (arrays, french, structures, values, weird; shipped with npm
// `canonicalize`, byte-exact expected outputs) and the IEEE 754 → JSON number table of RFC 8785
// Appendix B, which is where the 100-million-number file (es6testfile100m) starts from: each line
// there is `<hex of the double>,<expected text>`.
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { canonicalize } from 'json-canonicalize'
import { loneSurrogateAt } from '../../../src/services/saju/ijson.js'

const dir = join(dirname(createRequire(import.meta.url).resolve('canonicalize/package.json')), 'test', 'testdata')

describe('RFC 8785 cyberphone vectors', () => {
  for (const name of readdirSync(join(dir, 'input'))) {
    it(name, () => {
      const input = JSON.parse(readFileSync(join(dir, 'input', name), 'utf8'))
      const expected = readFileSync(join(dir, 'output', name), 'utf8').replace(/\n$/, '')
      expect(canonicalize(input)).toBe(expected)
    })
  }
})

// RFC 8785 Appendix B (and the first lines of es6testfile100m: "<ieee hex>,<es6 text>")
const NUMBERS: [string, string][] = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
]

describe('RFC 8785 number serialization', () => {
  for (const [hex, text] of NUMBERS) {
    it(`${hex} → ${text}`, () => {
      const n = Buffer.from(hex, 'hex').readDoubleBE(0)
      expect(canonicalize(n)).toBe(text)
      expect(canonicalize({ n })).toBe(`{"n":${text}}`)
    })
  }
})

describe('what RFC 8785 / I-JSON cannot represent', () => {
  it('finds a lone surrogate in a value or a key, and passes a proper pair', () => {
    expect(loneSurrogateAt({ name: '\ud800' })).toBe('/name')
    expect(loneSurrogateAt({ a: [{ b: 'x\udc00' }] })).toBe('/a/0/b')
    expect(loneSurrogateAt({ ['k\ud800']: 1 })).toBe('/k\ud800')
    expect(loneSurrogateAt({ name: '😂 김하늘' })).toBeNull()
  })
})
