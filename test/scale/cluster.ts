/**
 * Several real server processes on one PostgreSQL database: what a scale-out deployment runs.
 * Each process is `node --import tsx src/main.ts` on its own free loopback port with the same
 * secrets and DATABASE_URL (a fresh database on TEST_DATABASE_URL's server); the processes start
 * together, so their migrations race as a deployment's would. A process can be killed (SIGKILL,
 * as a crash) and started again. Every process's output is kept, written under
 * test-output/scale/ and printed when a test fails.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Kysely } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { hashPassword } from '../../src/services/findori/password.js'
import { connect, type Db } from '../../src/db/connect.js'
import { type AppDeps, systemClock } from '../../src/deps.js'
import { createLogger } from '../../src/kit/logger.js'
import { MemoryRateLimiter } from '../../src/kit/rate-limit.js'
import { projectRoot } from '../../src/paths.js'
import type { Database } from '../../src/services/database.js'
import { freshDatabaseUrl } from '../support/database.js'
import { TEST_SECRETS } from '../support/server.js'

export interface Proc {
  name: string
  /** `http://127.0.0.1:<port>` */
  base: string
  child: ChildProcess
  /** Everything the process wrote (stdout and stderr), as lines. */
  lines: string[]
  /** Its structured log records (the JSON lines). */
  logs(): Record<string, unknown>[]
  exited: Promise<number | null>
}

export interface Cluster {
  databaseUrl: string
  /** The test's own connection to the shared database (for setup and for checking what is stored). */
  db: Kysely<Database>
  /** The processes serving now, by name. */
  procs: Proc[]
  /** Every process started, killed ones included (their logs stay readable). */
  all: Proc[]
  /** Dependencies for a service's seed hook, on the shared database and artifact store. */
  deps(): AppDeps
  /** Starts a process named `name` (again) on a new port. */
  start(name: string): Promise<Proc>
  /** SIGKILL: no shutdown, no cleanup, as a crash. */
  kill(proc: Proc): Promise<void>
  /** Writes every process's output to test-output/scale/<label>-<name>.log; returns the tails. */
  dump(label: string): string
  stop(): Promise<void>
}

// tsx's loader by path: the processes run in a scratch folder, where `--import tsx` would not resolve.
const TSX = pathToFileURL(join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
const READY = /serving .* on http:\/\/localhost:(\d+)\//

export async function startCluster(names: string[], env: Record<string, string> = {}): Promise<Cluster> {
  const databaseUrl = await freshDatabaseUrl()
  if (!databaseUrl.startsWith('postgres')) throw new Error('a cluster needs TEST_DATABASE_URL (PostgreSQL)')
  // Files the processes share, as a deployment shares a volume (the operator's artifact store).
  const dir = mkdtempSync(join(tmpdir(), 'scale-'))
  const procs: Proc[] = []
  const all: Proc[] = []

  // Production refuses a plain admin password: the processes get its hash, as a deployment would.
  const { FINDORI_ADMIN_PASSWORD: adminPassword, ...secrets } = TEST_SECRETS
  const adminPasswordHash = await hashPassword(adminPassword)

  const start = (name: string): Promise<Proc> => {
    const child = spawn(process.execPath, ['--import', TSX, join(projectRoot, 'src', 'main.ts')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...secrets,
        FINDORI_ADMIN_PASSWORD_HASH: adminPasswordHash,
        // As deployed: production (every secret set; no development credentials or demo seeds at start).
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        OPERATOR_ARTIFACT_ROOT: join(dir, 'artifacts'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: string[] = []
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const proc: Proc = {
      name,
      base: '',
      child,
      lines,
      logs: () =>
        lines.flatMap((l) => {
          if (!l.startsWith('{')) return []
          try {
            return [JSON.parse(l)]
          } catch {
            return []
          }
        }),
      exited,
    }
    all.push(proc)
    return new Promise<Proc>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in 120 s:\n${lines.slice(-40).join('\n')}`)), 120_000)
      let partial = { out: '', err: '' }
      const take = (which: 'out' | 'err') => (chunk: Buffer) => {
        const text = partial[which] + chunk.toString('utf8')
        const parts = text.split('\n')
        partial = { ...partial, [which]: parts.pop() ?? '' }
        for (const line of parts) {
          lines.push(line)
          const m = READY.exec(line)
          if (m && !proc.base) {
            proc.base = `http://127.0.0.1:${m[1]}`
            clearTimeout(timer)
            const i = procs.findIndex((p) => p.name === name)
            if (i >= 0) procs[i] = proc
            else procs.push(proc)
            resolve(proc)
          }
        }
      }
      child.stdout!.on('data', take('out'))
      child.stderr!.on('data', take('err'))
      void exited.then((code) => {
        clearTimeout(timer)
        if (!proc.base) reject(new Error(`${name} exited with ${code} before serving:\n${lines.slice(-40).join('\n')}`))
      })
    })
  }

  let test: Db | null = null
  try {
    await Promise.all(names.map(start))
    test = await connect(databaseUrl)
  } catch (e) {
    for (const p of all) p.child.kill('SIGKILL')
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
    async kill(proc) {
      proc.child.kill('SIGKILL')
      await proc.exited
    },
    dump(label) {
      const out = join(projectRoot, 'test-output', 'scale')
      mkdirSync(out, { recursive: true })
      return all
        .map((p, i) => {
          const file = join(out, `${label.replace(/[^\w-]+/g, '_').slice(0, 60)}-${p.name}-${i}.log`)
          writeFileSync(file, `${p.lines.join('\n')}\n`)
          return `--- ${p.name} (${file}), last lines:\n${p.lines.slice(-30).join('\n')}`
        })
        .join('\n')
    },
    async stop() {
      await Promise.all(
        all.map(async (p) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return
          p.child.kill('SIGTERM')
          const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000)
          await p.exited
          clearTimeout(t)
        }),
      )
      await test?.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
