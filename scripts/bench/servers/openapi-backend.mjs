/**
 * Baseline: openapi-backend on node:http, validating requests (its default) and responses
 * (`validateResponse` in the post-response handler, a 502 on a broken response).
 * `quick: true` skips its OpenAPI 3.0 document check, which rejects a 3.1 document.
 */
import { createServer } from 'node:http'
import { OpenAPIBackend } from 'openapi-backend'
import addFormats from 'ajv-formats'
import { BEARER, COMMAND_ACCEPTED, COMMAND_LOCATION, HOST, NODE_LIST, PORT, UNAUTHORIZED, loadSpec } from './fixtures.mjs'

const api = new OpenAPIBackend({
  definition: loadSpec(),
  quick: true,
  validate: true,
  // Formats checked as our pipeline checks them (ajv-formats, `fast`); without this Ajv ignores them.
  customizeAjv: (ajv) => addFormats(ajv, { mode: 'fast' }),
})
api.registerSecurityHandler('adminBearer', (c) => c.request.headers.authorization === BEARER)
api.register({
  listNodes: () => ({ status: 200, body: NODE_LIST }),
  sendDeviceCommand: () => ({ status: 202, body: COMMAND_ACCEPTED, headers: { Location: COMMAND_LOCATION } }),
  unauthorizedHandler: () => ({ status: 401, body: UNAUTHORIZED }),
  validationFail: (c) => ({ status: 422, body: { error: 'VALIDATION_ERROR', details: c.validation.errors } }),
  notFound: () => ({ status: 404, body: { error: 'NOT_FOUND' } }),
  methodNotAllowed: () => ({ status: 405, body: { error: 'METHOD_NOT_ALLOWED' } }),
  postResponseHandler: (c) => {
    const out = c.response
    if (out.status < 400 && c.operation) {
      const valid = c.api.validateResponse(out.body, c.operation, out.status)
      if (valid.errors) return { status: 502, body: { error: 'BAD_GATEWAY', details: valid.errors } }
    }
    return out
  },
})
api.init()

createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', async () => {
    let body
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        body = undefined
      }
    }
    const out = await api.handleRequest({ method: req.method, path: req.url, headers: req.headers, body }, req, res)
    const payload = JSON.stringify(out.body)
    res.writeHead(out.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload), ...out.headers })
    res.end(payload)
  })
}).listen(PORT, HOST)
