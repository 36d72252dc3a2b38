/** Baseline: bare Hono on @hono/node-server. Same routes, bearer check and bodies; no validation. */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { BEARER, COMMAND_ACCEPTED, COMMAND_LOCATION, HOST, NODE_LIST, PORT, UNAUTHORIZED } from './fixtures.mjs'

const app = new Hono()
app.use('/api/*', async (c, next) => (c.req.header('authorization') === BEARER ? next() : c.json(UNAUTHORIZED, 401)))
app.get('/api/nodes', (c) => c.json(NODE_LIST))
app.post('/api/devices/:device_id/command', async (c) => {
  await c.req.json()
  return c.json(COMMAND_ACCEPTED, 202, { Location: COMMAND_LOCATION })
})
serve({ fetch: app.fetch, port: PORT, hostname: HOST })
