/**
 * Several real server processes on one PostgreSQL database: what a scale-out deployment runs.
 * Each process (test/support/processes.ts) is src/main.ts on its own free loopback port with the same
 * secrets and DATABASE_URL (a fresh database on TEST_DATABASE_URL's server); the processes start
 * together, so their migrations race as a deployment's would. A process can be killed (SIGKILL,
 * as a crash) and started again. Every process's output is kept, written under
 * test-output/scale/ and printed when a test fails.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { hashPassword } from '../../src/services/findori/password.js'
import { connect, type Db } from '../../src/db/connect.js'
import { type AppDeps, systemClock } from '../../src/deps.js'
import { createLogger } from '../../src/kit/logger.js'
import { MemoryRateLimiter } from '../../src/kit/rate-limit.js'
import type { Database } from '../../src/services/database.js'
import { freshDatabaseUrl } from '../support/database.js'
import { dumpLogs, type ServerProcess, startProcess } from '../support/processes.js'
import { TEST_SECRETS } from '../support/server.js'

export interface Cluster {
  databaseUrl: string
  /** The test's own connection to the shared database (for setup and for checking what is stored). */
  db: Kysely<Database>
  /** The processes serving now, by name. */
  procs: ServerProcess[]
  /** Every process started, killed ones included (their logs stay readable). */
  all: ServerProcess[]
  /** Dependencies for a service's seed hook, on the shared database and artifact store. */
  deps(): AppDeps
  /** Starts a process named `name` (again) on a new port. */
  start(name: string): Promise<ServerProcess>
  /** SIGKILL: no shutdown, no cleanup, as a crash. */
  kill(proc: ServerProcess): Promise<void>
  /** Writes every process's output to test-output/scale/<label>-<name>.log; returns the tails. */
  dump(label: string): string
  stop(): Promise<void>
}

export async function startCluster(names: string[], env: Record<string, string> = {}): Promise<Cluster> {
  const databaseUrl = await freshDatabaseUrl()
  if (!databaseUrl.startsWith('postgres')) throw new Error('a cluster needs TEST_DATABASE_URL (PostgreSQL)')
  // Files the processes share, as a deployment shares a volume (the operator's artifact store).
  const dir = mkdtempSync(join(tmpdir(), 'scale-'))
  const procs: ServerProcess[] = []
  const all: ServerProcess[] = []

  // Production refuses a plain admin password: the processes get its hash, as a deployment would.
  const { FINDORI_ADMIN_PASSWORD: adminPassword, ...secrets } = TEST_SECRETS
  const adminPasswordHash = await hashPassword(adminPassword)

  const start = async (name: string): Promise<ServerProcess> => {
    const proc = await startProcess(
      name,
      {
        ...secrets,
        FINDORI_ADMIN_PASSWORD_HASH: adminPasswordHash,
        // As deployed: production (every secret set; no development credentials or demo seeds at start).
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: databaseUrl,
        OPERATOR_ARTIFACT_ROOT: join(dir, 'artifacts'),
        ...env,
      },
      { cwd: dir },
    )
    all.push(proc)
    const i = procs.findIndex((p) => p.name === name)
    if (i >= 0) procs[i] = proc
    else procs.push(proc)
    return proc
  }

  let test: Db | null = null
  try {
    // Together, as a deployment's processes start; all settled before a failure is reported, so none is left running.
    const failed = (await Promise.allSettled(names.map(start))).find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
    procs.sort((x, y) => names.indexOf(x.name) - names.indexOf(y.name))
    test = await connect(databaseUrl)
  } catch (e) {
    await Promise.all(all.map((p) => p.kill()))
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  const db = test.db as Kysely<Database>

  return {
    databaseUrl,
    db,
    procs,
    all,
    deps: () => {
      const config = loadConfig({ ...TEST_SECRETS, NODE_ENV: 'test', DATABASE_URL: databaseUrl, OPERATOR_ARTIFACT_ROOT: join(dir, 'artifacts'), ...env })
      const logger = createLogger('silent')
      return { config, logger, clock: systemClock, db, dialect: 'postgres', limiter: new MemoryRateLimiter(), reloadConfig: () => config }
    },
    start,
    kill: (proc) => proc.kill(),
    dump: (label) => dumpLogs(all, 'scale', label),
    async stop() {
      await Promise.all(all.map((p) => p.stop()))
      await test?.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
