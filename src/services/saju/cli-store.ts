/**
 * What `saju user …` needs from the running service's storage: the same configuration (and
 * development secrets under data/) and database as the server, migrated like it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../config.js'
import { projectRoot } from '../../paths.js'
import { connect } from '../../db/connect.js'
import { migrateToLatest } from '../../db/migrate.js'
import { contracts } from '../index.js'
import type { Kysely } from 'kysely'
import type { Database } from '../database.js'
import { createUser } from './repo.js'
import { revokeToken } from './repo.js'
import { issueApiToken } from './security.js'
import { WELCOME_TOKENS, type PlanId } from './plans.js'

export async function openSajuStore() {
  const devSecretsFile = join(projectRoot, 'data', 'dev-secrets.json')
  const devSecrets = process.env.NODE_ENV !== 'production' && existsSync(devSecretsFile) ? JSON.parse(readFileSync(devSecretsFile, 'utf8')) : {}
  const config = loadConfig({ ...devSecrets, ...process.env })
  if (config.generatedSecrets.includes('SAJU_JWT_SECRET')) {
    throw Object.assign(new Error('SAJU_JWT_SECRET is not set and no data/dev-secrets.json exists: start the server once (make run) or set it'), {
      code: 'ERR_PARSE_ARGS_NO_SECRET',
    })
  }
  const database = await connect(config.databaseUrl)
  await migrateToLatest(
    database.db,
    contracts.map((c) => c.migrations ?? {}),
  )
  const db = database.db as Kysely<Database>
  const now = new Date()
  return {
    async createUser(userId: string, plan: PlanId) {
      await createUser(db, userId, plan, WELCOME_TOKENS, now)
      return issueApiToken(db, config.secrets.sajuJwtSecret, userId, now)
    },
    revoke: (tokenId: string) => revokeToken(db, tokenId, now),
    close: () => database.close(),
  }
}
