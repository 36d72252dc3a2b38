/** Baseline: bare node:http. Routes by hand, checks the bearer token, parses the POST body, no validation. */
import { createServer } from 'node:http'
import { BEARER, COMMAND_ACCEPTED, COMMAND_LOCATION, HOST, NODE_LIST, PORT, UNAUTHORIZED } from './fixtures.mjs'

const COMMAND_PATH = /^\/api\/devices\/([^/]+)\/command$/

function json(res, status, body, headers = {}) {
  const payload = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload), ...headers })
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
      json(res, 202, COMMAND_ACCEPTED, { Location: COMMAND_LOCATION })
    })
    return
  }
  json(res, 404, { error: 'NOT_FOUND' })
}).listen(PORT, HOST)
