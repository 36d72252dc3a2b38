/**
 * What the bench starts: the two orchestrator operations every server answers, and the servers
 * (baselines, our pipeline in mock or real mode, Prism), each as a command line and environment.
 */
import { fileURLToPath } from 'node:url'
import { BEARER, COMMAND_ACCEPTED, COMMAND_REQUEST, NODE_LIST, ROOT, TOKEN } from '../servers/fixtures.mjs'

const server = (file) => fileURLToPath(new URL(`../servers/${file}`, import.meta.url))

export const OPERATIONS = [
  {
    id: 'listNodes',
    label: 'GET /api/nodes?limit=50&offset=0',
    method: 'GET',
    path: '/api/nodes?limit=50&offset=0',
    headers: { authorization: BEARER },
    expect: { status: 200, body: NODE_LIST },
  },
  {
    id: 'sendDeviceCommand',
    label: 'POST /api/devices/device-001/command',
    method: 'POST',
    path: '/api/devices/device-001/command',
    headers: { authorization: BEARER, 'content-type': 'application/json' },
    body: COMMAND_REQUEST,
    expect: { status: 202, body: COMMAND_ACCEPTED },
  },
]

/** Readiness probe: the list operation, authenticated (the first *answered* request). */
export const PROBE = { method: 'GET', path: OPERATIONS[0].path, headers: OPERATIONS[0].headers }

const node = (file, extra = {}) => ({ cmd: process.execPath, args: [server(file)], env: { ORCH_ADMIN_TOKEN: TOKEN, ...extra } })

/** Every secret set (so nothing is generated or printed) and rate limits out of the way. */
function ourEnv(mode) {
  const secret = (name) => `bench-${name}-0123456789abcdef`
  return {
    NODE_ENV: 'development',
    SERVE_MODE: mode,
    HOST: '127.0.0.1',
    DATABASE_URL: ':memory:',
    LOG_LEVEL: 'error',
    RESPONSE_VALIDATION: 'enforce',
    ORCH_ADMIN_TOKEN: TOKEN,
    ORCH_NODE_TOKEN: secret('node'),
    EXPORT_CONFIRM_TOKEN: secret('export'),
    CRON_SECRET: secret('cron'),
    FINDORI_ADMIN_PASSWORD: secret('findori-password'),
    FINDORI_SESSION_SECRET: secret('findori-session'),
    SAJU_JWT_SECRET: secret('saju-jwt'),
    OPERATOR_API_TOKEN: secret('operator-api'),
    OPERATOR_EXPORT_TOKEN: secret('operator-export'),
    HITL_API_TOKEN: secret('hitl-api'),
    SAJU_SIGNING_KEY: secret('saju-signing'),
    ORCH_RATE_LIMIT_AUTH_PER_MIN: '1000000000',
    ORCH_RATE_LIMIT_UNAUTH_PER_MIN: '1000000000',
    ORCH_RATE_LIMIT_EMERGENCY_PER_10MIN: '1000000000',
    ORCH_RATE_LIMIT_WS_MSG_PER_SEC: '1000000000',
    SAJU_RATE_LIMIT_PER_MIN: '1000000000',
  }
}

/**
 * Our server, compiled (`make build`), all five APIs mounted; `nodeFlags` e.g. `--cpu-prof`.
 * Measured as served: the esbuild bundle. `entry: 'modules'` runs the same code as tsc wrote
 * it, one file per module, so a CPU profile can tell our functions from the libraries'.
 */
export function ours(mode, nodeFlags = [], entry = 'bundle') {
  return {
    id: mode === 'mock' ? 'ours-mock' : 'ours-real',
    label: `our full pipeline (${mode})`,
    cmd: process.execPath,
    args: [...nodeFlags, `${ROOT}${entry === 'bundle' ? 'dist/bundle/main.js' : 'dist/src/main.js'}`],
    env: ourEnv(mode),
    exactBodies: mode === 'mock',
  }
}

/**
 * A reference, not a target: our mock pipeline with RESPONSE_VALIDATION=off. Fastify validates
 * requests but only serializes responses; this row measures what checking every answer against
 * the contract costs, which the contract requires and Fastify does not do.
 */
export function oursWithoutResponseValidation(mode) {
  const t = ours(mode)
  return { ...t, id: `${t.id}-no-response-validation`, label: `${t.label}, response validation off (reference)`, env: { ...t.env, RESPONSE_VALIDATION: 'off' } }
}

export const BASELINES = [
  { id: 'node-http', label: 'bare node:http', ...node('node-http.mjs'), exactBodies: true },
  {
    id: 'node-http-contract',
    label: 'bare node:http, contract-shaped answer (reference)',
    ...node('node-http-contract.mjs'),
    exactBodies: true,
  },
  { id: 'hono', label: 'bare Hono (no validation)', ...node('hono.mjs'), exactBodies: true },
  { id: 'fastify', label: 'Fastify + JSON-schema validation/serialization', ...node('fastify.mjs'), exactBodies: true },
  { id: 'openapi-backend', label: 'openapi-backend (req+res validation)', ...node('openapi-backend.mjs'), exactBodies: true },
  { id: 'express-oav', label: 'express + express-openapi-validator (req+res)', ...node('express-oav.mjs'), exactBodies: true },
]

export const PRISM = {
  id: 'prism',
  label: 'Stoplight Prism mock',
  cmd: process.execPath,
  // `-v silent`: no per-request logging (it would dominate Prism's cost and flood the terminal).
  argsFor: (port) => [
    `${ROOT}node_modules/@stoplight/prism-cli/dist/index.js`,
    'mock',
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-v',
    'silent',
    `${ROOT}spec/orchestrator.openapi.yaml`,
  ],
  env: {},
  exactBodies: true,
}
