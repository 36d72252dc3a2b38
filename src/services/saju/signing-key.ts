/**
 * The server's Ed25519 response-signing key (SAJU_SIGNING_KEY: 64 hex = the 32-byte seed; any
 * other value is hashed to one). Its public half is published as a JWKS (GET /api/v1/signing-keys)
 * so a client can check that a stored body came from this server, not only that it is intact.
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto'

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig'; alg: 'EdDSA' }
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

export function signingKeyFrom(secret: string): SigningKey {
  const seed = /^[0-9a-f]{64}$/i.test(secret) ? Buffer.from(secret, 'hex') : createHash('sha256').update(secret).digest()
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  const x = createPublicKey(privateKey).export({ format: 'jwk' }).x as string
  const kid = createHash('sha256').update(Buffer.from(x, 'base64url')).digest('hex').slice(0, 16)
  return { kid, privateKey, jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' } }
}

/** `X-Signature` value: Ed25519 over the same canonical bytes `signatures.sha256` hashes. */
export const xSignature = (key: SigningKey, canonical: string) =>
  `keyid="${key.kid}", alg="ed25519", sig="${sign(null, Buffer.from(canonical, 'utf8'), key.privateKey).toString('base64url')}"`
