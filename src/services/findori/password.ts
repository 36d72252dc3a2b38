/**
 * The admin password check against a KDF hash: argon2id (`$argon2id$…`, @node-rs/argon2, the
 * OWASP first choice) or scrypt (`scrypt$N$r$p$salt$hash`, base64url, node:crypto). In
 * development a plain FINDORI_ADMIN_PASSWORD is hashed once at start and then forgotten.
 */
import { scrypt, timingSafeEqual } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

// Argon2id is the library's default algorithm (its const enum cannot be imported under isolatedModules).
export const hashPassword = (password: string) => hash(password)

function scryptAsync(password: string, salt: Buffer, keylen: number, N: number, r: number, p: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (stored.startsWith('$argon2id$')) return verify(stored, password).catch(() => false)
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored)
  if (!m) return false
  const expected = Buffer.from(m[5], 'base64url')
  const key = await scryptAsync(password, Buffer.from(m[4], 'base64url'), expected.length, Number(m[1]), Number(m[2]), Number(m[3]))
  return timingSafeEqual(key, expected)
}
