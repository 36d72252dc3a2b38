/** Child process that runs autocannon once (so it can sit on its own core) and prints a JSON summary. */
import autocannon from 'autocannon'

const opts = JSON.parse(process.argv[2])
const result = await autocannon({ ...opts, headers: opts.headers, body: opts.body })
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    latencyMean: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSec: result.duration,
  }),
)
