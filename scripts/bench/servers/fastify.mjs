/**
 * Baseline: Fastify with its own JSON-schema request validation (Ajv, via its default compiler)
 * and schema-driven response serialization (fast-json-stringify), schemas taken from the spec.
 */
import Fastify from 'fastify'
import { BEARER, COMMAND_ACCEPTED, COMMAND_LOCATION, HOST, NODE_LIST, PORT, UNAUTHORIZED, loadSpec, schemaOnly } from './fixtures.mjs'

const spec = loadSpec()
const { parameters } = spec.components
const ref = (name) => ({ $ref: `orch#/definitions/${name}` })
const param = (name) => schemaOnly(parameters[name].schema, 'orch#/definitions/')

const app = Fastify({ logger: false, ajv: { customOptions: { strict: false } } })
app.addSchema({ $id: 'orch', definitions: schemaOnly(spec.components.schemas, 'orch#/definitions/') })
app.addHook('onRequest', async (req, reply) => {
  if (req.headers.authorization !== BEARER) return reply.code(401).send(UNAUTHORIZED)
})

app.get('/api/nodes', {
  schema: {
    querystring: { type: 'object', properties: { status: param('NodeStatusQuery'), limit: param('LimitQuery'), offset: param('OffsetQuery') } },
    response: { 200: ref('NodeList') },
  },
  handler: async () => NODE_LIST,
})

app.post('/api/devices/:device_id/command', {
  schema: {
    params: { type: 'object', required: ['device_id'], properties: { device_id: param('DeviceIdPath') } },
    body: ref('CommandRequest'),
    response: { 202: ref('CommandAccepted') },
  },
  handler: async (req, reply) => {
    reply.code(202).header('Location', COMMAND_LOCATION)
    return COMMAND_ACCEPTED
  },
})

await app.listen({ port: PORT, host: HOST })
