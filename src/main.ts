/**
 * Process entry: read configuration, print generated development secrets once, serve.
 */
import { exclusively, LOCK_KEYS } from './db/advisory-lock.js'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Config, ConfigError, SECRET_VARS, loadConfig } from './config.js'
import { projectRoot } from './paths.js'
import { createServer } from './server.js'
import { contracts } from './services/index.js'

// Development secrets generated on a first run are kept under data/ (git-ignored), so tokens a
// developer copied keep working across restarts. The environment always wins; production never
// reads this file.
const devSecretsFile = join(projectRoot, 'data', 'dev-secrets.json')
const devSecrets: Record<string, string> =
  process.env.NODE_ENV !== 'production' && existsSync(devSecretsFile) ? JSON.parse(readFileSync(devSecretsFile, 'utf8')) : {}
// The environment wins, also where it gives the admin password's hash instead of a kept password.
if (process.env.FINDORI_ADMIN_PASSWORD_HASH) delete devSecrets.FINDORI_ADMIN_PASSWORD

let config: Readonly<Config>
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
const port = await server.start().catch((e: NodeJS.ErrnoException) => {
  if (e.code !== 'EADDRINUSE') throw e
  // One clear line instead of a stack trace; nothing else (credentials) is printed.
  console.error(`port ${config.port} is already in use on ${config.host}: set PORT to another port`)
  process.exit(1)
})
if (config.env !== 'production') {
  // Ready-made credentials so a developer (or the mock's users) can call the secured APIs at once.
  console.error('development credentials, per API and security scheme:')
  for (const def of contracts) {
    // Minting may seed (saju's demo user): one process at a time, as the start-up seeds.
    const minted = await exclusively(server.deps.db, LOCK_KEYS.seed, async () => def.devCredentials?.(server.deps))
    for (const [scheme, headers] of Object.entries(minted ?? {})) {
      for (const [name, value] of Object.entries(headers)) console.error(`  ${def.table.slug} ${scheme}: ${name}: ${value}`)
    }
  }
}
console.error(`serving ${config.mode === 'mock' ? 'mocks of ' : ''}all APIs on http://localhost:${port}/ (index), /docs/<slug>, /openapi/<slug>.yaml`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    await server.stop()
    process.exit(0)
  })
}
