/**
 * Prints the argon2id hash of a password for FINDORI_ADMIN_PASSWORD_HASH:
 * `npx tsx src/services/findori/hash-password.ts` (reads the password from stdin, not argv, so it
 * stays out of the shell history).
 */
import { hashPassword } from './password.js'

const chunks: Buffer[] = []
for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
const password = Buffer.concat(chunks)
  .toString('utf8')
  .replace(/\r?\n$/, '')
if (!password) {
  console.error('usage: printf %s "<password>" | npx tsx src/services/findori/hash-password.ts')
  process.exit(2)
}
console.log(await hashPassword(password))
