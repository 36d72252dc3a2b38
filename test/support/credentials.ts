/**
 * Valid credentials for every security scheme the specs declare: what each service's
 * `devCredentials` hook mints from the server's secrets (the same ones `make run` prints).
 */
import type { ContractDefinition } from '../../src/kit/contract.js'
import type { Server } from '../../src/server.js'

export interface Credential {
  headers: Record<string, string>
}

export async function credentialFor(server: Server, def: ContractDefinition, scheme: string): Promise<Credential> {
  const minted = await def.devCredentials?.(server.deps)
  const headers = minted?.[scheme]
  if (!headers) throw new Error(`${def.table.slug}: devCredentials gives nothing for security scheme ${scheme}`)
  return { headers }
}

/** Wrong but well-formed credentials for the same scheme. */
export function wrongCredentialFor(def: ContractDefinition, scheme: string): Credential {
  const s = def.table.securitySchemes[scheme]
  if (s?.type === 'apiKey' && s.in === 'cookie') return { headers: { Cookie: `${s.name}=not-a-valid-credential` } }
  if (s?.type === 'apiKey' && s.in === 'header') return { headers: { [s.name]: 'not-a-valid-credential' } }
  return { headers: { Authorization: 'Bearer wrong-token-of-another-length' } }
}
