/**
 * `npm run node-runner -- --node-id node-001 --devices 20 [--url ws://localhost:8000] [--token …]
 * [--ms-per-second 10]`: a reference node runner with simulated devices. The token defaults to
 * ORCH_NODE_TOKEN (read through the app's configuration, the only reader of the environment).
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../../../config.js'
import { NodeRunner } from './runner.js'

const { values } = parseArgs({
  options: {
    'node-id': { type: 'string', default: 'node-001' },
    devices: { type: 'string', default: '20' },
    url: { type: 'string', default: 'ws://localhost:8000' },
    token: { type: 'string' },
    'ms-per-second': { type: 'string', default: '10' },
    name: { type: 'string' },
  },
})

const config = loadConfig()
const token = values.token ?? config.secrets.orchNodeToken
if (!values.token && config.generatedSecrets.includes('ORCH_NODE_TOKEN')) {
  console.error('ORCH_NODE_TOKEN is not set: pass --token or export the token the server printed')
  process.exit(2)
}

const runner = new NodeRunner({
  url: values.url!,
  nodeId: values['node-id']!,
  token,
  devices: Number(values.devices),
  heartbeatIntervalMs: config.orchestrator.heartbeatIntervalMs,
  msPerSecond: Number(values['ms-per-second']),
  name: values.name,
  log: (msg, fields) => console.error(JSON.stringify({ time: new Date().toISOString(), msg, ...fields })),
})

try {
  await runner.start()
} catch (e) {
  console.error(`could not connect: ${(e as Error).message}`)
  process.exit(1)
}
console.error(`node ${values['node-id']} connected to ${values.url} with ${values.devices} simulated devices (Ctrl-C to stop)`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    await runner.stop()
    process.exit(0)
  })
}
