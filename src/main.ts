/**
 * Process entry: read configuration, print generated development secrets once, serve.
 */
import { ConfigError, SECRET_VARS, loadConfig } from './config.js'
import { createServer } from './server.js'

let config
try {
  config = loadConfig()
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`configuration error: ${e.message}`)
    process.exit(2)
  }
  throw e
}

if (config.generatedSecrets.length) {
  // Development only (production refuses to start without them): shown once so a developer can
  // call the APIs; set them in .env to keep them across restarts.
  const byVar = Object.fromEntries(Object.entries(SECRET_VARS).map(([k, v]) => [v, config.secrets[k as keyof typeof config.secrets]]))
  console.error('development secrets generated for this run (set them in the environment to keep them):')
  for (const name of config.generatedSecrets) console.error(`  ${name}=${byVar[name]}`)
}

const server = await createServer(config)
const port = await server.start()
console.error(`serving ${config.mode === 'mock' ? 'mocks of ' : ''}all APIs on http://localhost:${port}/ (index), /docs/<slug>, /openapi/<slug>.yaml`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    await server.stop()
    process.exit(0)
  })
}
