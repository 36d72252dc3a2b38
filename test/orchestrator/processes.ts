/**
 * Real server processes for multi-process tests: `node --import tsx src/main.ts` with the given
 * environment on a free loopback port (PORT=0; the port is read from the start-up line), ready
 * once /health answers. `stop()` is SIGTERM (a clean stop), `kill()` is SIGKILL (a crash); the
 * output is kept, and `logs()` shows it when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

const MAIN = join(import.meta.dirname, '../../src/main.ts')
const ROOT = join(import.meta.dirname, '../..')

export interface ServerProcess {
  name: string
  port: number
  base: string
  child: ChildProcess
  output: string[]
  exited: Promise<number | null>
  stop(): Promise<void>
  kill(): Promise<void>
  logs(): string
}

export async function startProcess(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const childEnv: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') childEnv[k] = v
  Object.assign(childEnv, { PORT: '0', HOST: '127.0.0.1', ...env })
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))))
  let onLine: ((line: string) => void) | null = null
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = ''
    stream.on('data', (d) => {
      const parts = (rest + d.toString()).split('\n')
      rest = parts.pop()!
      for (const line of parts) {
        output.push(line)
        onLine?.(line)
      }
    })
  }
  const logs = () => `--- ${name} output ---\n${output.join('\n')}`
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms\n${logs()}`)), timeoutMs)
    const seen = (line: string) => {
      const m = /serving .* on http:\/\/localhost:(\d+)\//.exec(line)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    onLine = seen
    output.forEach(seen)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited (${code}) before serving\n${logs()}`))
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
    if (Date.now() > until) throw new Error(`${name} /health not ok within ${timeoutMs} ms\n${logs()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig)
    await exited
  }
  return {
    name,
    port,
    base,
    child,
    output,
    exited,
    logs,
    kill: () => signal('SIGKILL'),
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await signal('SIGTERM')
      clearTimeout(timer)
    },
  }
}

/** Starts processes one after another (each migrates the database before the next starts). */
export async function startProcesses(specs: { name: string; env: Record<string, string> }[]): Promise<ServerProcess[]> {
  const started: ServerProcess[] = []
  try {
    for (const s of specs) started.push(await startProcess(s.name, s.env))
    return started
  } catch (e) {
    await Promise.all(started.map((p) => p.kill()))
    throw e
  }
}
