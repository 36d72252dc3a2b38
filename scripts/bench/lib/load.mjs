/**
 * The load generator: wrk (C, epoll, Debian's package; `scripts/bench/ensure-wrk.sh` installs it)
 * on its own core, one thread. autocannon (Node) saturated near 60k req/s on one core and
 * compressed the ratios near the top; wrk on this machine drives bare node:http with most of its
 * core left over. Each run reports the client's CPU (user + system of wrk, from the shell's
 * `times`) so a saturated client is visible, and, given the server's pid, the server's CPU per
 * request (from /proc), which is far steadier on a noisy machine than requests per second.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pinned } from './cpu.mjs'
import { cpuSecondsOf } from './proc.mjs'

const luaString = (s) => `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`

/** The wrk script: the request (method, headers, body; `paths` cycled), a `done` hook printing one JSON line. */
function script(op) {
  const lines = [`wrk.method = ${luaString(op.method)}`]
  for (const [k, v] of Object.entries(op.headers ?? {})) lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`)
  if (op.body !== undefined) {
    lines.push(`wrk.body = ${luaString(typeof op.body === 'string' ? op.body : JSON.stringify(op.body))}`)
    if (!Object.keys(op.headers ?? {}).some((k) => k.toLowerCase() === 'content-type')) lines.push(`wrk.headers["Content-Type"] = "application/json"`)
  }
  // A request that must change per request (a write to a different resource each time): wrk
  // cycles through `op.paths`, building each request with the method, headers and body above...
  if (op.paths?.length) {
    lines.push(`local paths = { ${op.paths.map(luaString).join(', ')} }`)
    lines.push(`local next = 0`)
    lines.push(`request = function()\n  next = next % #paths + 1\n  return wrk.format(nil, paths[next])\nend`)
  } else if (op.bodies?.length) {
    // Or through `op.bodies` (JSON values), each sent once in turn (e.g. each approving another thread).
    lines.push(`local bodies = { ${op.bodies.map((b) => luaString(JSON.stringify(b))).join(', ')} }`)
    lines.push(`local next = 0`)
    lines.push(`request = function()\n  next = next % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[next])\nend`)
  }
  // Latencies in wrk are microseconds; non2xx counts answers with a status >= 400 (wrk's "status" errors).
  lines.push(`
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"total":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"meanUs":%.1f,"non2xx":%d,"errors":%d,"timeouts":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    e.status, e.connect + e.read + e.write, e.timeout))
end`)
  return lines.join('\n')
}

/**
 * One load run against `op` for `duration` seconds. `serverPid` (optional) adds the server's CPU
 * µs per request. Resolves { rps, total, p50, p99 (ms), non2xx, errors, timeouts, clientCpu (share
 * of one core), serverCpuUsPerReq }.
 */
export function runLoad({ port, op, connections, duration, pin, serverPid }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'))
  const lua = join(dir, 'op.lua')
  writeFileSync(lua, script(op))
  const url = `http://127.0.0.1:${port}${op.path ?? op.paths[0]}`
  const wrk = `wrk -t1 -c${connections} -d${duration}s --timeout 5s -s '${lua}' '${url}'`
  // `times` after wrk prints the children's user and system CPU on its second line.
  const [cmd, args] = pinned(pin, pin.load, '/bin/sh', ['-c', `${wrk} && times`])
  const serverCpu0 = serverPid ? cpuSecondsOf(serverPid) : null
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true })
      const json = out.split('\n').find((l) => l.startsWith('{"total"'))
      if (code !== 0 || !json) return reject(new Error(`wrk failed (${code}): ${(err || out).slice(-1000)}`))
      const r = JSON.parse(json)
      const seconds = r.durationUs / 1e6
      const serverCpu1 = serverPid ? cpuSecondsOf(serverPid) : null
      resolve({
        rps: r.total / seconds,
        total: r.total,
        p50: r.p50Us / 1000,
        p99: r.p99Us / 1000,
        latencyMean: r.meanUs / 1000,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        durationSec: seconds,
        clientCpu: clientCpuShare(out, seconds),
        serverCpuUsPerReq: serverCpu0 != null && serverCpu1 != null && r.total ? ((serverCpu1 - serverCpu0) * 1e6) / r.total : null,
      })
    })
  })
}

/** wrk's CPU as a share of one core, from `times` ("0m0.01s 0m0.00s\n0m1.23s 0m0.45s"). */
function clientCpuShare(out, seconds) {
  const times = out
    .trim()
    .split('\n')
    .filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l.trim()))
  const children = times.at(-1)
  if (!children || !seconds) return null
  const secs = children
    .trim()
    .split(' ')
    .map((t) => {
      const [, m, s] = /^(\d+)m([\d.]+)s$/.exec(t)
      return Number(m) * 60 + Number(s)
    })
  return (secs[0] + secs[1]) / seconds
}
