// AdMob SSV against real Google-signed callbacks (admob-callbacks.ts: sources cited per vector):
// our parse + ECDSA check accepts every one under Google's key 3335741209, refuses each once
// tampered, and shows what AdMob signs: the percent-decoded query text (the callbacks with escapes
// verify only decoded), which a rebuild from parsed parameters cannot reproduce in general.
import { describe, expect, it } from 'vitest'
import { parseCallbackQuery, parseKeys, signatureValid } from '../../../src/services/saju/ssv.js'
import { GOOGLE_KEY_BASE64, GOOGLE_KEY_ID, REAL_CALLBACKS } from './admob-callbacks.js'

const google = parseKeys({ keys: [{ keyId: GOOGLE_KEY_ID, base64: GOOGLE_KEY_BASE64 }] }).get(String(GOOGLE_KEY_ID))!

const check = (query: string) => {
  const parsed = parseCallbackQuery(query)
  if (!parsed.ok) throw new Error(parsed.reason)
  return { cb: parsed.callback, valid: signatureValid(parsed.callback.content, parsed.callback.signature, google) }
}

describe('real AdMob callbacks signed by Google (key 3335741209)', () => {
  for (const v of REAL_CALLBACKS) {
    it(`verifies: ${v.source}`, () => {
      const { cb, valid } = check(v.query)
      expect(valid).toBe(true)
      expect(cb.keyId).toBe(String(GOOGLE_KEY_ID))
      for (const [k, value] of Object.entries(v.expect)) expect(cb.params.get(k)).toBe(value)
    })

    it(`refuses it tampered: ${v.source}`, () => {
      expect(check(v.query.replace('transaction_id=', 'transaction_id=9')).valid).toBe(false)
      expect(check(v.query.replace('ad_unit=1', 'ad_unit=2')).valid).toBe(false)
      // the signature itself altered (one byte of the DER's last integer)
      const sig = v.query.match(/signature=([^&]+)/)![1]
      const flipped = sig.slice(0, -2) + (sig.at(-2) === 'A' ? 'B' : 'A') + sig.at(-1)
      expect(check(v.query.replace(sig, flipped)).valid).toBe(false)
    })
  }

  const escaped = REAL_CALLBACKS.filter((v) => /%[0-9A-F]{2}/i.test(v.query.split('&signature=')[0]))
  it('signs the percent-decoded text: a callback with escapes does not verify over its raw bytes', () => {
    expect(escaped.length).toBeGreaterThanOrEqual(3)
    for (const v of escaped) {
      const { cb } = check(v.query)
      expect(signatureValid(v.query.split('&signature=')[0], cb.signature, google)).toBe(false)
      expect(signatureValid(cb.content, cb.signature, google)).toBe(true)
    }
  })

  it('a rebuild from parsed parameters (URLSearchParams, spaces as +) does not verify', () => {
    for (const v of escaped.filter((e) => e.query.includes('%20'))) {
      const { cb } = check(v.query)
      const rebuilt = new URLSearchParams([...cb.params]).toString()
      expect(rebuilt).toContain('+')
      expect(signatureValid(rebuilt, cb.signature, google)).toBe(false)
    }
  })

  it('is refused under another key', () => {
    const other = parseKeys({
      keys: [
        {
          keyId: 1,
          pem: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEUaWMKcBHWdhUE+DncSIHhFCLLElnUs0LB9oanZ4K/FNICIM8ltS4nzc9yjmhgVQOlmSS6unqvN9t8sqajRTPcw==\n-----END PUBLIC KEY-----',
        },
      ],
    }).get('1')!
    const { cb } = check(REAL_CALLBACKS[0].query)
    expect(signatureValid(cb.content, cb.signature, other)).toBe(false)
  })
})

describe('parseCallbackQuery refuses what it cannot read unambiguously', () => {
  const tail = '&signature=MEQCIA54vhOTh9NjebJJZM6Pvgcz1UMd6Jn3G6WQ8czPoEPdAiBwXX1aOG4Cz219vH_VPXicw5K9w8XqOmWHYmQgKtJmsA&key_id=3335741209'
  const refused = (q: string) => {
    const r = parseCallbackQuery(q)
    return r.ok ? null : r.reason
  }
  it('signature and key_id not last, missing, or key_id not a number', () => {
    expect(refused(`a=1&signature=x&key_id=1&b=2`)).toMatch(/last two/)
    expect(refused(`a=1&key_id=1&signature=x`)).toMatch(/missing|last two/)
    expect(refused(`a=1&b=2`)).toMatch(/missing/)
    expect(refused(`a=1&signature=x&key_id=abc`)).toMatch(/last two/)
    expect(refused(`signature=x&key_id=1`)).toMatch(/missing/)
  })
  it('a repeated parameter', () => expect(refused(`user_id=a&user_id=b${tail}`)).toMatch(/duplicate/))
  it('an escaped & or = that would make the signed text read as other parameters', () => {
    // signs the same text as `custom_data=x&transaction_id=2`
    expect(refused(`custom_data=x%26transaction_id%3D2&transaction_id=1${tail}`)).toMatch(/ambiguous/)
    expect(refused(`transaction_id%3D2=&transaction_id=1${tail}`)).toMatch(/ambiguous/)
    expect(refused(`a=1&&b=2${tail}`)).toMatch(/ambiguous/)
  })
  it('malformed escapes (not UTF-8, or cut short)', () => {
    expect(refused(`custom_data=%FF${tail}`)).toMatch(/percent/)
    expect(refused(`custom_data=%E0%A4%A${tail}`)).toMatch(/percent/)
  })
  it('keeps a `+` a `+` and a value with `=` whole, as Google’s reference verifier reads them', () => {
    const r = parseCallbackQuery(`custom_data=a+b&user_id=VXNlcjo0Mg==${tail}`)
    expect(r.ok && r.callback.content).toBe('custom_data=a+b&user_id=VXNlcjo0Mg==')
    expect(r.ok && r.callback.params.get('custom_data')).toBe('a+b')
    expect(r.ok && r.callback.params.get('user_id')).toBe('VXNlcjo0Mg==')
  })
})
