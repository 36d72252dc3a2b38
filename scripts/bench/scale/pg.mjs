/**
 * The PostgreSQL server the scale-out run uses: found from BENCH_DATABASE_URL or
 * TEST_DATABASE_URL (`scripts/dev/with-postgres.sh` exports the latter; the Makefile's bench
 * target runs under it), a fresh database per server set, and the server's CPU: every process of
 * its postmaster (backends, WAL writer, checkpointer…), exited backends included through the
 * postmaster's reaped-children times. Read from /proc, so only for a server on this machine.
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { CLK_TCK } from '../lib/proc.mjs'

export const adminUrl = () => [process.env.BENCH_DATABASE_URL, process.env.TEST_DATABASE_URL].find((u) => u && /^postgres(ql)?:\/\//.test(u)) ?? null

async function client(url) {
  const { default: pg } = await import('pg')
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  return c
}

/** Runs `fn(client)` on a connection to `url`, closed after. */
export async function withClient(url, fn) {
  const c = await client(url)
  try {
    return await fn(c)
  } finally {
    await c.end().catch(() => undefined)
  }
}

/** Creates an empty database on the admin URL's server; returns its URL. */
export async function createDatabase(admin, prefix) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  await withClient(admin, (c) => c.query(`create database ${name}`))
  const url = new URL(admin)
  url.pathname = `/${name}`
  return { name, url: url.toString() }
}

export async function dropDatabase(admin, name) {
  await withClient(admin, (c) => c.query(`drop database if exists ${name} with (force)`)).catch(() => undefined)
}

/** `{ version, postmasterPid }`; the pid is null when the server is not a local process we can read. */
export async function serverInfo(admin) {
  const host = new URL(admin).hostname
  const local = ['', 'localhost', '127.0.0.1', '[::1]'].includes(host)
  return withClient(admin, async (c) => {
    const { rows } = await c.query('select pg_backend_pid() as pid, current_setting($1) as version', ['server_version'])
    // A remote server's backend pid means nothing here; a local one is a postgres process whose parent is too.
    const parent = local && commOf(rows[0].pid) === 'postgres' ? parentOf(rows[0].pid) : null
    return { version: rows[0].version, postmasterPid: parent && commOf(parent) === 'postgres' ? parent : null }
  })
}

function commOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return null
  }
}

const statFields = (pid) =>
  readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ')

function parentOf(pid) {
  try {
    return Number(statFields(pid)[1])
  } catch {
    return null
  }
}

/** The postmaster's own and its reaped children's CPU ticks (utime, stime, cutime, cstime: fields 14–17 of stat). */
function postmasterTicks(pid) {
  const f = statFields(pid)
  return { own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) }
}

/**
 * CPU seconds of the postmaster and all its children so far (children that exited included), or
 * null. A backend reaped during the scan of /proc would be counted nowhere (gone from the scan,
 * not yet in the reaped times read before it), so the scan is repeated until no reap happened
 * during it (pool connections closing after their idle timeout do exit mid-run).
 */
export function postgresCpuSeconds(postmasterPid) {
  if (!postmasterPid) return null
  for (let attempt = 0; attempt < 5; attempt++) {
    let before
    try {
      before = postmasterTicks(postmasterPid)
    } catch {
      return null
    }
    let children = 0
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const f = statFields(entry)
        if (Number(f[1]) === postmasterPid) children += Number(f[11]) + Number(f[12])
      } catch {
        // gone meanwhile: the postmaster's reaped times change, and the scan runs again
      }
    }
    const after = postmasterTicks(postmasterPid)
    if (after.reaped === before.reaped) return (after.own + after.reaped + children) / CLK_TCK
  }
  return null
}

/** The whole machine's busy CPU seconds so far (all cores, /proc/stat), to show what others ran meanwhile. */
export function machineBusySeconds() {
  try {
    const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = v.map(Number)
    return { busy: (user + nice + system + irq + softirq) / CLK_TCK, steal: (steal || 0) / CLK_TCK, idle: (idle + iowait) / CLK_TCK }
  } catch {
    return null
  }
}
