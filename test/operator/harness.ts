/**
 * A real operator on a loopback port: a fresh database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL), a fresh artifact store in a temporary folder, the seed applied, and SDK
 * clients holding the operator's and the export plane's credentials.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type Server } from '../../src/server.js'
import { testConfig, TEST_SECRETS } from '../support/server.js'
import { freshDatabaseUrl } from '../support/database.js'
import { createClient } from '../../generated/operator/sdk/client/index.js'
import { operator } from '../../src/services/operator/index.js'
import { ArtifactStore } from '../../src/services/operator/artifact-store.js'

export const EXPORT_CONFIRM_TOKEN = TEST_SECRETS.EXPORT_CONFIRM_TOKEN

export interface Running {
  server: Server
  base: string
  root: string
  store: ArtifactStore
  /** Holds OPERATOR_API_TOKEN. */
  client: ReturnType<typeof createClient>
  /** Holds OPERATOR_EXPORT_TOKEN. */
  exporter: ReturnType<typeof createClient>
  anonymous: ReturnType<typeof createClient>
  stop(): Promise<void>
}

export async function startOperator(env: Record<string, string> = {}, { seed = true } = {}): Promise<Running> {
  const root = mkdtempSync(join(tmpdir(), 'operator-test-'))
  const config = testConfig({ DATABASE_URL: await freshDatabaseUrl(), OPERATOR_ARTIFACT_ROOT: root, ...env })
  const server = await createServer(config)
  if (seed) await operator.seed!(server.deps)
  const port = await server.start()
  const base = `http://127.0.0.1:${port}`
  const { operatorApiToken, operatorExportToken } = config.secrets
  return {
    server,
    base,
    root,
    store: new ArtifactStore(root),
    client: createClient({ baseUrl: base, auth: () => operatorApiToken }),
    exporter: createClient({ baseUrl: base, auth: () => operatorExportToken }),
    anonymous: createClient({ baseUrl: base }),
    stop: () => server.stop(),
  }
}
