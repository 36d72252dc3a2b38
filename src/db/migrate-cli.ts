/**
 * Migrates the database named by DATABASE_URL and exits: for deployments that want migrations
 * as their own step before the servers start (the servers also migrate at start, one at a time
 * under a PostgreSQL advisory lock, so this is optional).
 *   npx tsx src/db/migrate-cli.ts      (from the sources)
 *   node dist/src/db/migrate-cli.js    (from a build)
 */
import { ConfigError, loadConfig } from '../config.js'
import { contracts } from '../services/index.js'
import { connect } from './connect.js'
import { migrateToLatest } from './migrate.js'

try {
  // Only the database is needed: secrets absent here are generated and ignored.
  const config = loadConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV === 'production' ? 'development' : process.env.NODE_ENV })
  const database = await connect(config.databaseUrl)
  try {
    const applied = await migrateToLatest(
      database.db,
      contracts.map((c) => c.migrations ?? {}),
    )
    console.error(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'the database is up to date')
  } finally {
    await database.close()
  }
} catch (e) {
  console.error(e instanceof ConfigError ? `configuration error: ${e.message}` : `migration failed: ${(e as Error).message}`)
  process.exit(1)
}
