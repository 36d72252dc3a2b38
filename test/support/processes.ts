/**
 * Real server processes for multi-process tests (test/scale/, test/orchestrator/multi-process and
 * one-sweeper): `node <tsx loader> src/main.ts` with the given environment and nothing else of the
 * test's but PATH and HOME, on a free loopback port (PORT=0: the port is read from the start-up
 * line), ready once /health answers 200. `stop()` is SIGTERM (a clean stop), `kill()` SIGKILL (a
 * crash). The output is kept as lines; `dumpLogs` writes it under test-output/ for a failing test.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { projectRoot } from '../../src/paths.js'

export interface ServerProcess {
  name: string
  port: number
  /** `http://127.0.0.1:<port>` */
  base: string
  child: ChildProcess
  /** Everything the process wrote (stdout and stderr), as lines. */
  lines: string[]
  /** Its structured log records (the JSON lines). */
  records(): Record<string, unknown>[]
  /** The whole output under a header: for a failing test's message. */
  logs(): string
  /** Resolves with the exit code (-1 for a signal) once the process is gone. */
  exited: Promise<number | null>
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>
  /** SIGKILL: no shutdown, no cleanup, as a crash. */
  kill(): Promise<void>
}

export interface StartOptions {
  /** The working folder (default the project root; the scale tests use a scratch folder). */
  cwd?: string
  timeoutMs?: number
}

// tsx's loader by path: `--import tsx` would not resolve from a scratch working folder.
const TSX = pathToFileURL(join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
const MAIN = join(projectRoot, 'src', 'main.ts')
const READY = /serving .* on http:\/\/localhost:(\d+)\//

export async function startProcess(name: string, env: Record<string, string>, options: StartOptions = {}): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 120_000
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd: options.cwd ?? projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))))
  let onLine: ((line: string) => void) | null = null
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = ''
    stream.on('data', (d: Buffer) => {
      const parts = (rest + d.toString('utf8')).split('\n')
      rest = parts.pop()!
      for (const line of parts) {
        lines.push(line)
        onLine?.(line)
      }
    })
  }
  const logs = () => `--- ${name} output ---\n${lines.join('\n')}`
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig)
    await exited
  }

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms\n${lines.slice(-40).join('\n')}`)), timeoutMs)
      const seen = (line: string) => {
        const m = READY.exec(line)
        if (!m) return
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
      onLine = seen
      lines.forEach(seen)
      void exited.then((code) => {
        clearTimeout(timer)
        reject(new Error(`${name} exited (${code}) before serving\n${lines.slice(-40).join('\n')}`))
      })
    })
    onLine = null
    const base = `http://127.0.0.1:${port}`
    for (const until = Date.now() + timeoutMs; ; ) {
      const ok = await fetch(`${base}/health`).then(
        (r) => r.status === 200,
        () => false,
      )
      if (ok) break
      if (Date.now() > until) throw new Error(`${name} /health not ok within ${timeoutMs} ms\n${lines.slice(-40).join('\n')}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    return {
      name,
      port,
      base,
      child,
      lines,
      exited,
      logs,
      records: () =>
        lines.flatMap((l) => {
          if (!l.startsWith('{')) return []
          try {
            return [JSON.parse(l)]
          } catch {
            return []
          }
        }),
      kill: () => signal('SIGKILL'),
      async stop() {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await signal('SIGTERM')
        clearTimeout(timer)
      },
    }
  } catch (e) {
    await signal('SIGKILL')
    throw e
  }
}

/** Starts processes one after another (each migrates the database before the next starts). */
export async function startProcesses(specs: { name: string; env: Record<string, string> }[], options: StartOptions = {}): Promise<ServerProcess[]> {
  const started: ServerProcess[] = []
  try {
    for (const s of specs) started.push(await startProcess(s.name, s.env, options))
    return started
  } catch (e) {
    await Promise.all(started.map((p) => p.kill()))
    throw e
  }
}

/** Writes each process's output to test-output/<folder>/<label>-<name>-<i>.log; returns their last lines. */
export function dumpLogs(procs: ServerProcess[], folder: string, label: string, tail = 30): string {
  const out = join(projectRoot, 'test-output', folder)
  mkdirSync(out, { recursive: true })
  return procs
    .map((p, i) => {
      const file = join(out, `${label.replace(/[^\w-]+/g, '_').slice(0, 60)}-${p.name}-${i}.log`)
      writeFileSync(file, `${p.lines.join('\n')}\n`)
      return `--- ${p.name} (${file}), last lines:\n${p.lines.slice(-tail).join('\n')}`
    })
    .join('\n')
}
