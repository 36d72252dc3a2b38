/**
 * Prints the argon2id hash of a password for FINDORI_ADMIN_PASSWORD_HASH:
 * `printf %s '<password>' | npm run -s findori:hash-password` (from a build without tsx:
 * `node dist/src/services/findori/hash-password.js`). Reads the password from stdin, not argv, so
 * it stays out of the process list; one trailing newline is dropped.
 */
import { hashPassword } from './password.js'

const chunks: Buffer[] = []
for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
const password = Buffer.concat(chunks)
  .toString('utf8')
  .replace(/\r?\n$/, '')
if (!password) {
  console.error("usage: printf %s '<password>' | npm run -s findori:hash-password")
  process.exit(2)
}
console.log(await hashPassword(password))
