/**
 * Brings the schema up to date at start-up (and in tests on a fresh database): the kit's
 * migrations and every service's, run in name order (names are date-prefixed, so a service's
 * migrations interleave with the others' by date, as Kysely's Migrator sorts them).
 *
 * On PostgreSQL several processes may start together: a session advisory lock lets one migrate
 * while the others wait, then find nothing left to do.
 */
import { Migrator, type Kysely, type Migration } from 'kysely'
import { exclusively, LOCK_KEYS } from './advisory-lock.js'
import { kitMigrations } from './migrations/index.js'

export async function migrateToLatest(db: Kysely<any>, serviceMigrations: Record<string, Migration>[] = []): Promise<string[]> {
  const all: Record<string, Migration> = { ...kitMigrations }
  for (const list of serviceMigrations) {
    for (const [name, migration] of Object.entries(list)) {
      if (all[name]) throw new Error(`two migrations are named ${name}`)
      all[name] = migration
    }
  }
  const migrate = async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => all } })
    const { error, results } = await migrator.migrateToLatest()
    if (error) throw new Error(`database migration failed: ${(error as Error).message ?? error}`, { cause: error })
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
  }
  return exclusively(db, LOCK_KEYS.migrate, migrate)
}
