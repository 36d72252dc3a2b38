// Beyond the seed: every JSON body also carries X-Signature, an Ed25519 signature over the same
// RFC 8785 bytes as signatures.sha256, verifiable with the JWKS at GET /api/v1/signing-keys, so a
// client can tell a stored report came from this server (a tampered or re-signed one fails).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublicKey, verify } from 'node:crypto'
import { getEntitlements, getSigningKeys } from '../../generated/saju/sdk/index.js'
import { canonicalize } from './independent-jcs.js'
import { startSaju, rid, type SajuRig } from './harness.js'

let rig: SajuRig
beforeAll(async () => {
  rig = await startSaju({ SAJU_SIGNING_KEY: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' })
})
afterAll(() => rig?.stop())

const parse = (h: string) => Object.fromEntries([...h.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))

describe('X-Signature and the JWKS', () => {
  it('publishes the RFC 8037 public key of the configured seed', async () => {
    const { data } = await getSigningKeys({ client: rig.client() })
    // RFC 8037 A.1/A.2: this seed's public key
    expect(data!.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', alg: 'EdDSA' })
  })

  it('signs a body so a client verifies it with the JWKS, and a tampered copy fails', async () => {
    const u = await rig.user('plus')
    const { data, response } = await getEntitlements({ client: u.client, headers: { 'X-Request-Id': rid() } })
    const sig = parse(response.headers.get('x-signature')!)
    const jwks = (await getSigningKeys({ client: rig.client() })).data!
    const jwk = jwks.keys.find((k) => k.kid === sig.keyid)!
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' })
    const { signatures: _s, ...rest } = data as any
    expect(sig.alg).toBe('ed25519')
    expect(verify(null, Buffer.from(canonicalize(rest)), key, Buffer.from(sig.sig, 'base64url'))).toBe(true)
    expect(verify(null, Buffer.from(canonicalize({ ...rest, deep_tokens: 999 })), key, Buffer.from(sig.sig, 'base64url'))).toBe(false)
  })
})
