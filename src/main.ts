/**
 * Process entry: read configuration, print generated development secrets once, serve.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, SECRET_VARS, loadConfig } from './config.js'
import { projectRoot } from './paths.js'
import { createServer } from './server.js'
import { issueUserToken } from './services/saju/security.js'
import { issueSession } from './services/findori/session.js'

// Development secrets generated on a first run are kept under data/ (git-ignored), so tokens a
// developer copied keep working across restarts. The environment always wins; production never
// reads this file.
const devSecretsFile = join(projectRoot, 'data', 'dev-secrets.json')
const devSecrets: Record<string, string> =
  process.env.NODE_ENV !== 'production' && existsSync(devSecretsFile) ? JSON.parse(readFileSync(devSecretsFile, 'utf8')) : {}

let config
try {
  config = loadConfig({ ...devSecrets, ...process.env })
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
  mkdirSync(join(projectRoot, 'data'), { recursive: true })
  const kept = { ...devSecrets, ...Object.fromEntries(config.generatedSecrets.map((n) => [n, byVar[n]])) }
  writeFileSync(devSecretsFile, JSON.stringify(kept, null, 2) + '\n', { mode: 0o600 })
  console.error(`(kept in ${devSecretsFile} for the next start; delete it to rotate)`)
} else if (Object.keys(devSecrets).some((name) => !process.env[name])) {
  console.error(`development secrets read from ${devSecretsFile}`)
}

// Run-time reloads (orchestrator L2) re-read the environment; secrets stay those of start-up.
const server = await createServer(config, { reloadConfig: () => loadConfig() })
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
