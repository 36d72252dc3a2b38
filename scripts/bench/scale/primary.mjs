/**
 * The scale-out run's "load balancer": a node:cluster primary that forks N workers of our server
 * (each a separate server process with its own pool, hub and orch_processes row) on one port.
 * The primary accepts each connection and hands its socket to the next worker in turn
 * (SCHED_RR); it does not proxy bytes, so wrk's keep-alive connections and the node runners'
 * WebSockets stay on their worker. Node 20 has no `reusePort`, which would let the kernel do this.
 *
 *   node scripts/bench/scale/primary.mjs <workers> <entry.js> [node args…]
 * The workers inherit the environment (PORT, HOST, DATABASE_URL…). Once every worker listens it
 * prints one line `{"primary":<pid>,"workers":[<pid>,…]}`. SIGTERM stops the workers cleanly
 * (each releases its process row) and then itself; a worker that dies meanwhile, or the bench
 * going away, ends the primary.
 */
import cluster from 'node:cluster'

const [count, entry, ...args] = process.argv.slice(2)
const n = Number(count)
if (!(n >= 1) || !entry) {
  console.error('usage: primary.mjs <workers> <entry.js> [args…]')
  process.exit(2)
}
cluster.schedulingPolicy = cluster.SCHED_RR
cluster.setupPrimary({ exec: entry, args, execArgv: [] })

let stopping = false
const listening = new Set()
for (let i = 0; i < n; i++) cluster.fork({ BENCH_WORKER: String(i) })
cluster.on('listening', (worker) => {
  listening.add(worker.id)
  if (listening.size === n) console.log(JSON.stringify({ primary: process.pid, workers: Object.values(cluster.workers).map((w) => w.process.pid) }))
})
cluster.on('exit', (worker, code, signal) => {
  if (stopping) return
  console.error(`worker ${worker.process.pid} exited (${code ?? signal}); stopping`)
  stop(1)
})

async function stop(code) {
  stopping = true
  const workers = Object.values(cluster.workers)
  await Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve) => {
          if (w.isDead()) return resolve()
          const timer = setTimeout(() => w.process.kill('SIGKILL'), 10_000)
          w.once('exit', () => {
            clearTimeout(timer)
            resolve()
          })
          w.process.kill('SIGTERM')
        }),
    ),
  )
  process.exit(code)
}
for (const sig of ['SIGTERM', 'SIGINT']) process.once(sig, () => stop(0))
// The bench gone (interrupted, crashed): no server set outlives it.
const parent = process.ppid
setInterval(() => process.ppid !== parent && !stopping && stop(1), 1000).unref()
