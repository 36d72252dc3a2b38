/**
 * `npm run node-runner -- [flags]`: the reference node runner with simulated devices, as a
 * program of its own. It reads only its flags and its own environment (never the server's
 * configuration, which would demand the server's secrets), retries its connection with backoff
 * until it gets one, and runs until SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util'
import { NodeRunner } from './runner.js'

const HELP = `Usage: npm run node-runner -- [options]

A reference node runner: connects to the orchestrator's /ws/node, reports simulated devices and
runs the commands it is sent. Retries with backoff until it connects, reconnects after any drop,
and stops on Ctrl-C (SIGINT) or SIGTERM.

Options (environment variable in brackets):
  --url <ws://host:port>     orchestrator address [ORCH_URL]; default ws://localhost:$PORT, PORT 8000
  --token <token>            node token [ORCH_NODE_TOKEN]; required
  --node-id <node-…>         node id, ^node-[a-z0-9]+$ [ORCH_NODE_ID]; default node-001
  --devices <n>              simulated devices, named device-<suffix>x001… [ORCH_NODE_DEVICES]; default 20
  --name <text>              display name [ORCH_NODE_NAME]; default "Simulated <node-id>"
  --ms-per-second <ms>       real ms per simulated second of run_script's duration; default 10
  --heartbeat-ms <ms>        heartbeat interval [ORCH_HEARTBEAT_INTERVAL_MS]; default 10000
  --messages-per-sec <n>     the server's message budget [ORCH_RATE_LIMIT_WS_MSG_PER_SEC]; default 10
  --max-backoff-ms <ms>      longest wait between connection attempts; default 5000
  -h, --help                 this text
`

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    'node-id': { type: 'string' },
    devices: { type: 'string' },
    name: { type: 'string' },
    'ms-per-second': { type: 'string' },
    'heartbeat-ms': { type: 'string' },
    'messages-per-sec': { type: 'string' },
    'max-backoff-ms': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})

if (values.help) {
  process.stdout.write(HELP)
  process.exit(0)
}

const env = process.env
const fail = (message: string): never => {
  console.error(`${message}\n\n${HELP}`)
  process.exit(2)
}
const number = (flag: string, raw: string | undefined, fallback: number, min: number): number => {
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  return Number.isInteger(n) && n >= min ? n : fail(`${flag} must be an integer >= ${min} (got ${raw})`)
}

const url = values.url ?? env.ORCH_URL ?? `ws://localhost:${env.PORT || 8000}`
const token = values.token ?? env.ORCH_NODE_TOKEN
if (!token) fail('no node token: pass --token or set ORCH_NODE_TOKEN (the server prints its development token at start)')
const nodeId = values['node-id'] ?? env.ORCH_NODE_ID ?? 'node-001'
if (!/^node-[a-z0-9]+$/.test(nodeId)) fail(`--node-id must match ^node-[a-z0-9]+$ (got ${nodeId})`)
const devices = number('--devices', values.devices ?? env.ORCH_NODE_DEVICES, 20, 0)

const runner = new NodeRunner({
  url,
  nodeId,
  token: token!,
  devices,
  name: values.name ?? env.ORCH_NODE_NAME,
  msPerSecond: number('--ms-per-second', values['ms-per-second'], 10, 0),
  heartbeatIntervalMs: number('--heartbeat-ms', values['heartbeat-ms'] ?? env.ORCH_HEARTBEAT_INTERVAL_MS, 10_000, 10),
  messagesPerSec: number('--messages-per-sec', values['messages-per-sec'] ?? env.ORCH_RATE_LIMIT_WS_MSG_PER_SEC, 10, 1),
  maxBackoffMs: number('--max-backoff-ms', values['max-backoff-ms'], 5_000, 10),
  log: (msg, fields) => console.error(JSON.stringify({ time: new Date().toISOString(), msg, ...fields })),
})

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    await runner.stop()
    process.exit(0)
  })
}

console.error(`node ${nodeId} with ${devices} simulated devices, connecting to ${url} (Ctrl-C to stop)`)
runner.start().then(
  () => console.error(`node ${nodeId} connected`),
  (e: Error) => {
    if (stopping) return
    // Only a refusal (bad token or node id) ends the runner: retrying would not help.
    console.error(e.message)
    process.exit(1)
  },
)
