/**
 * Reference, not a target: bare node:http answering exactly as the contract makes our server
 * answer — the same status and body, plus the response headers the orchestrator contract requires
 * on every answer (X-Request-Id, X-RateLimit-Limit/Remaining/Reset) and the mock's X-Mock. No
 * routing table, auth beyond a string compare, counting or validation: the ceiling for any server
 * that sends these bytes on this machine.
 */
import { createServer } from 'node:http'
import { randomBytes } from 'node:crypto'
import { BEARER, COMMAND_ACCEPTED, COMMAND_LOCATION, HOST, NODE_LIST, PORT, UNAUTHORIZED } from './fixtures.mjs'

const COMMAND_PATH = /^\/api\/devices\/([^/]+)\/command$/
const PREFIX = randomBytes(10).toString('hex')
const LIMIT = 1_000_000_000
let served = 0

// The headers object is built with one literal and no spread: `{ ...extra, ... }` in this hot path
// measured ~2 µs per response (V8's object-spread slow path), more than the extra headers cost.
function json(res, status, body, location) {
  const payload = JSON.stringify(body)
  served++
  const headers = {
    'x-ratelimit-limit': String(LIMIT),
    'x-ratelimit-remaining': String(LIMIT - (served % LIMIT)),
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 60_000) * 60),
    'x-request-id': `req_${PREFIX}${served.toString(16).padStart(12, '0')}`,
    'x-mock': 'true',
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
  }
  if (location) headers.location = location
  res.writeHead(status, headers)
  res.end(payload)
}

createServer((req, res) => {
  const path = req.url.split('?', 1)[0]
  if (req.headers.authorization !== BEARER) return json(res, 401, UNAUTHORIZED)
  if (req.method === 'GET' && path === '/api/nodes') return json(res, 200, NODE_LIST)
  if (req.method === 'POST' && COMMAND_PATH.test(path)) {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return json(res, 400, { error: 'BAD_REQUEST' })
      }
      json(res, 202, COMMAND_ACCEPTED, COMMAND_LOCATION)
    })
    return
  }
  json(res, 404, { error: 'NOT_FOUND' })
}).listen(PORT, HOST)
