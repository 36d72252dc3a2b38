/**
 * Brings the schema up to date at start-up (and in tests on a fresh database).
 */
import { Migrator, type Kysely } from 'kysely'
import { migrations } from './migrations/index.js'

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw new Error(`database migration failed: ${(error as Error).message ?? error}`, { cause: error })
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
