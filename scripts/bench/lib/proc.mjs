/**
 * Server processes: start one (pinned), time it from spawn to its first answered request, read its
 * resident memory, stop it. Every process the bench starts is stopped by its own pid.
 */
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { pinned } from './cpu.mjs'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** One HTTP request on loopback; resolves `{ status, headers, body }`, rejects on a socket error. */
export function httpRequest(port, { method = 'GET', path, headers = {}, body }, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) }, agent: false },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(payload)
  })
}

/**
 * Starts `cmd args` with `env`, then polls `probe` until it gets an HTTP answer.
 * Returns the handle with `startMs` (spawn → first answer) and the first answer itself.
 */
export async function startServer({ name, cmd, args, env, port, probe, pin, core, cwd, timeoutMs = 60_000 }) {
  const [command, argv] = pinned(pin, core, cmd, args)
  const t0 = performance.now()
  const child = spawn(command, argv, { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)))
  let exited = null
  child.on('exit', (code, signal) => (exited = { code, signal }))
  const handle = {
    name,
    child,
    pid: child.pid,
    stderr: () => stderr,
    stop: () => stopChild(child),
  }
  while (true) {
    if (exited) throw new Error(`${name} exited before answering (${JSON.stringify(exited)}): ${stderr.trim().slice(-1500)}`)
    if (performance.now() - t0 > timeoutMs) {
      await handle.stop()
      throw new Error(`${name} did not answer within ${timeoutMs} ms: ${stderr.trim().slice(-1500)}`)
    }
    try {
      const first = await httpRequest(port, probe, 1000)
      handle.startMs = performance.now() - t0
      handle.first = first
      return handle
    } catch {
      await sleep(5)
    }
  }
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`; resolves once it exited. */
export async function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const done = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await done
  clearTimeout(timer)
}

/** Resident set size of a process in MiB (Linux /proc), or null. */
export function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null when it is gone. */
export function cpuSecondsOf(pid) {
  try {
    // utime and stime are fields 14 and 15 of stat, i.e. 12 and 13 after "pid (comm) ".
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
  } catch {
    return null
  }
}

/** A port the OS says is free on loopback now (for a server that takes PORT, or one listening itself). */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
