/**
 * Process entry: read configuration, print generated development secrets once, serve.
 */
import { ConfigError, SECRET_VARS, loadConfig } from './config.js'
import { createServer } from './server.js'
import { issueUserToken } from './services/saju/auth.js'
import { issueSession } from './services/findori/session.js'

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
if (config.env !== 'production') {
  // Ready-made credentials so a developer (or the mock's users) can call the secured APIs at once.
  const now = new Date()
  console.error('development credentials (valid 24 h):')
  console.error(`  saju:    Authorization: Bearer ${await issueUserToken(config.secrets.sajuJwtSecret, 'demo-user', now, 86_400)}`)
  console.error(`  findori: Cookie: session=${await issueSession(config.secrets.findoriSessionSecret, now)}`)
}
console.error(`serving ${config.mode === 'mock' ? 'mocks of ' : ''}all APIs on http://localhost:${port}/ (index), /docs/<slug>, /openapi/<slug>.yaml`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    await server.stop()
    process.exit(0)
  })
}
