/**
 * What every benchmarked server answers, so the comparison is like for like: the orchestrator
 * spec's own named examples (from the compiled generated/ tables, so `make build` first), the
 * bearer token the bench sets, and the spec document for the servers that read it.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { examples } from '../../../dist/generated/orchestrator/examples.gen.js'

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const SPEC_PATH = `${ROOT}spec/orchestrator.openapi.yaml`
export const TOKEN = process.env.ORCH_ADMIN_TOKEN ?? 'bench-admin-token-0123456789abcdef'
export const BEARER = `Bearer ${TOKEN}`
export const PORT = Number(process.env.PORT ?? 0)
export const HOST = '127.0.0.1'

/** GET /api/nodes?limit=50&offset=0 → 200 NodeList (example `nodes`). */
export const NODE_LIST = examples.listNodes.responses['200'].examples.nodes
/** POST /api/devices/device-001/command with the `runScript` example → 202 (example `queued`). */
export const COMMAND_REQUEST = examples.sendDeviceCommand.request.body.runScript
export const COMMAND_ACCEPTED = examples.sendDeviceCommand.responses['202'].examples.queued
export const COMMAND_LOCATION = examples.sendDeviceCommand.responses['202'].headers.Location

export const UNAUTHORIZED = { error: 'UNAUTHORIZED', message: 'Invalid or expired token', code: 'AUTH_001' }

export const loadSpec = () => parse(readFileSync(SPEC_PATH, 'utf8'))

/** Drops what is not JSON Schema (OpenAPI's `example`, `x-*` extensions) for plain validators. */
export function schemaOnly(node, refPrefix) {
  if (Array.isArray(node)) return node.map((n) => schemaOnly(n, refPrefix))
  if (!node || typeof node !== 'object') return node
  const out = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k.startsWith('x-')) continue
    if (k === '$ref' && typeof v === 'string' && refPrefix) out.$ref = v.replace('#/components/schemas/', refPrefix)
    else out[k] = schemaOnly(v, refPrefix)
  }
  return out
}
