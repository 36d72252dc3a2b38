/**
 * Two bearer credentials: the operator's (OPERATOR_API_TOKEN) for every API operation, and the
 * export plane's (OPERATOR_EXPORT_TOKEN) for publishing an export only. Neither opens the
 * other's door, so the person who approves cannot also choose the token they approve with.
 */
import { secretMatcher } from '../../kit/secrets.js'
import type { SecurityVerifier } from '../../kit/security.js'
import type { AppDeps } from '../../deps.js'

export function operatorVerifiers({ config }: AppDeps): Record<string, SecurityVerifier> {
  const isOperator = secretMatcher(config.secrets.operatorApiToken)
  const isExporter = secretMatcher(config.secrets.operatorExportToken)
  return {
    operatorBearer: (token, { scheme }) => (isOperator(token) ? { scheme, id: 'operator' } : null),
    exportBearer: (token, { scheme }) => (isExporter(token) ? { scheme, id: 'export-plane' } : null),
  }
}

export async function operatorDevCredentials({ config }: AppDeps): Promise<Record<string, Record<string, string>>> {
  return {
    operatorBearer: { Authorization: `Bearer ${config.secrets.operatorApiToken}` },
    exportBearer: { Authorization: `Bearer ${config.secrets.operatorExportToken}` },
  }
}
