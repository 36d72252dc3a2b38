// The canonicalizer the server signs with (json-canonicalize) against RFC 8785's published test
// data: the cyberphone vectors (arrays, french, structures, values, weird; shipped with npm
// `canonicalize`, byte-exact expected outputs), the IEEE 754 → JSON number table of RFC 8785
// Appendix B, and the start of the 100-million-number file es6testfile100m.txt (lines
// `<hex of the double>,<expected text>\n`): the file is not here, but its numbers come from a
// published deterministic generator and its SHA-256 over the first 1e3/1e4/1e5 lines is published
// too (cyberphone/json-canonicalization testdata/README.md, "ES6 Numbers"), so we generate the
// doubles, write each line with our canonicalizer, and compare the hashes.
import { createHash } from 'node:crypto'
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

// RFC 8785 Appendix B ("<ieee hex>,<es6 text>")
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

// cyberphone/json-canonicalization testdata/README.md: the generator's static values (edge cases,
// RFC 8785 Appendix B among them), then 2000 consecutive subnormal-boundary values, then doubles
// read from a SHA-256 chain (skipping 0, NaN, ±Infinity); and the published checksums.
const STATIC_U64 = `
0000000000000000 8000000000000000 0000000000000001 8000000000000001 c46696695dbd1cc3 c43211ede4974a35 c3fce97ca0f21056 c3c7213080c1a6ac
c39280f39a348556 c35d9b1f5d20d557 c327af4c4a80aaac c2f2f2a36ecd5556 c2be51057e155558 c28840d131aaaaac c253670dc1555557 c21f0b4935555557
c1e8d5d42aaaaaac c1b3de4355555556 c17fca0555555556 c1496e6aaaaaaaab c114585555555555 c0e046aaaaaaaaab c0aa0aaaaaaaaaaa c074d55555555555
c040aaaaaaaaaaab c00aaaaaaaaaaaab bfd5555555555555 bfa1111111111111 bf6b4e81b4e81b4f bf35d867c3ece2a5 bf0179ec9cbd821e becbf647612f3696
be965e9f80f29212 be61e54c672874db be2ca213d840baf8 bdf6e80fe033c8c6 bdc2533fe68fd3d2 bd8d51ffd74c861c bd5774ccac3d3817 bd22c3d6f030f9ac
bcee0624b3818f79 bcb804ea293472c7 bc833721ba905bd3 bc4ebe9c5db3c61e bc18987d17c304e5 bbe3ad30dfcf371d bbaf7b816618582f bb792f9ab81379bf
bb442615600f9499 bb101e77800c76e1 bad9ca58cce0be35 baa4a1e0a3e6fe90 ba708180831f320d ba3a68cd9e985016 446696695dbd1cc3 443211ede4974a35
43fce97ca0f21056 43c7213080c1a6ac 439280f39a348556 435d9b1f5d20d557 4327af4c4a80aaac 42f2f2a36ecd5556 42be51057e155558 428840d131aaaaac
4253670dc1555557 421f0b4935555557 41e8d5d42aaaaaac 41b3de4355555556 417fca0555555556 41496e6aaaaaaaab 4114585555555555 40e046aaaaaaaaab
40aa0aaaaaaaaaaa 4074d55555555555 4040aaaaaaaaaaab 400aaaaaaaaaaaab 3fd5555555555555 3fa1111111111111 3f6b4e81b4e81b4f 3f35d867c3ece2a5
3f0179ec9cbd821e 3ecbf647612f3696 3e965e9f80f29212 3e61e54c672874db 3e2ca213d840baf8 3df6e80fe033c8c6 3dc2533fe68fd3d2 3d8d51ffd74c861c
3d5774ccac3d3817 3d22c3d6f030f9ac 3cee0624b3818f79 3cb804ea293472c7 3c833721ba905bd3 3c4ebe9c5db3c61e 3c18987d17c304e5 3be3ad30dfcf371d
3baf7b816618582f 3b792f9ab81379bf 3b442615600f9499 3b101e77800c76e1 3ad9ca58cce0be35 3aa4a1e0a3e6fe90 3a708180831f320d 3a3a68cd9e985016
4024000000000000 4014000000000000 3fe0000000000000 3fa999999999999a 3f747ae147ae147b 3f40624dd2f1a9fc 3f0a36e2eb1c432d 3ed4f8b588e368f1
3ea0c6f7a0b5ed8d 3e6ad7f29abcaf48 3e35798ee2308c3a 3ed539223589fa95 3ed4ff26cd5a7781 3ed4f95a762283ff 3ed4f8c60703520c 3ed4f8b72f19cd0d
3ed4f8b5b31c0c8d 3ed4f8b58d1c461a 3ed4f8b5894f7f0e 3ed4f8b588ee37f3 3ed4f8b588e47da4 3ed4f8b588e3849c 3ed4f8b588e36bb5 3ed4f8b588e36937
3ed4f8b588e368f8 3ed4f8b588e368f1 3ff0000000000000 bff0000000000000 bfeffffffffffffa bfeffffffffffffb 3feffffffffffffa 3feffffffffffffb
3feffffffffffffc 3feffffffffffffe bfefffffffffffff bfefffffffffffff 3fefffffffffffff 3fefffffffffffff 3fd3333333333332 3fd3333333333333
3fd3333333333334 0010000000000000 000ffffffffffffd 000fffffffffffff 7fefffffffffffff ffefffffffffffff 4340000000000000 c340000000000000
4430000000000000 44b52d02c7e14af5 44b52d02c7e14af6 44b52d02c7e14af7 444b1ae4d6e2ef4e 444b1ae4d6e2ef4f 444b1ae4d6e2ef50 3eb0c6f7a0b5ed8c
3eb0c6f7a0b5ed8d 41b3de4355555553 41b3de4355555554 41b3de4355555555 41b3de4355555556 41b3de4355555557 becbf647612f3696 43143ff3c1cb0959`
  .trim()
  .split(/\s+/)
  .map((h) => BigInt(`0x${h}`))

const PUBLISHED: [number, string][] = [
  [1_000, 'be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687'],
  [10_000, 'b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892'],
  [100_000, '22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7'],
]

/** The generator's doubles, as their IEEE 754 bit patterns. */
function* es6TestNumbers(): Generator<bigint> {
  yield* STATIC_U64
  for (let i = 0n; i < 2000n; i++) yield 0x0010000000000000n + i
  let block = Buffer.alloc(32)
  for (;;) {
    block = createHash('sha256').update(block).digest()
    for (let at = 0; at < 32; at += 8) {
      const f = block.readDoubleLE(at)
      if (f !== 0 && Number.isFinite(f)) yield block.readBigUInt64LE(at)
    }
  }
}

describe('es6testfile100m.txt, first lines, rebuilt and hashed', () => {
  it('starts with the edge cases (±0, the smallest subnormals)', () => {
    const lines: string[] = []
    const bits = Buffer.alloc(8)
    for (const u of es6TestNumbers()) {
      bits.writeBigUInt64BE(u)
      lines.push(`${u.toString(16)},${canonicalize(bits.readDoubleBE(0))}`)
      if (lines.length === 4) break
    }
    expect(lines).toEqual(['0,0', '8000000000000000,0', '1,5e-324', '8000000000000001,-5e-324'])
  })

  it(`our canonicalizer writes the first ${PUBLISHED.at(-1)![0]} lines with the published SHA-256 at each checkpoint`, () => {
    const hash = createHash('sha256')
    const bits = Buffer.alloc(8)
    const got: [number, string][] = []
    let n = 0
    for (const u of es6TestNumbers()) {
      bits.writeBigUInt64BE(u)
      hash.update(`${u.toString(16)},${canonicalize(bits.readDoubleBE(0))}\n`)
      n++
      const checkpoint = PUBLISHED.find(([lines]) => lines === n)
      if (checkpoint) got.push([n, hash.copy().digest('hex')])
      if (n === PUBLISHED.at(-1)![0]) break
    }
    expect(got).toEqual(PUBLISHED)
  })
})
