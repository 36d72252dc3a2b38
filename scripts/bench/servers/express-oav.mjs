/**
 * Baseline: express 5 with express-openapi-validator validating requests and responses against
 * the spec (security handled by our own bearer check, as in the other servers).
 */
import express from 'express'
import * as OpenApiValidator from 'express-openapi-validator'
import { BEARER, COMMAND_ACCEPTED, COMMAND_LOCATION, HOST, NODE_LIST, PORT, UNAUTHORIZED, loadSpec } from './fixtures.mjs'

const app = express()
app.use(express.json())
app.use((req, res, next) => (req.headers.authorization === BEARER ? next() : res.status(401).json(UNAUTHORIZED)))
app.use(OpenApiValidator.middleware({ apiSpec: loadSpec(), validateRequests: true, validateResponses: true, validateSecurity: false }))
app.get('/api/nodes', (req, res) => res.json(NODE_LIST))
app.post('/api/devices/:device_id/command', (req, res) => res.status(202).set('Location', COMMAND_LOCATION).json(COMMAND_ACCEPTED))
app.use((err, req, res, next) => res.status(err.status ?? 500).json({ error: 'VALIDATION_ERROR', message: err.message }))
app.listen(PORT, HOST)
