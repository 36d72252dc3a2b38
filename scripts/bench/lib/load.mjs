/** Runs the load generator (autocannon in its own, pinned process) against one operation. */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { pinned } from './cpu.mjs'

const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url))

export function runLoad({ port, op, connections, duration, pin }) {
  const opts = {
    url: `http://127.0.0.1:${port}${op.path}`,
    method: op.method,
    headers: op.headers,
    body: op.body === undefined ? undefined : JSON.stringify(op.body),
    connections,
    duration,
    pipelining: 1,
  }
  const [cmd, args] = pinned(pin, pin.load, process.execPath, [WORKER, JSON.stringify(opts)])
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator failed (${code}): ${err.slice(-1000)}`))
      resolve(JSON.parse(out))
    })
  })
}
