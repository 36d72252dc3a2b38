/**
 * The mock's own endpoints under `/__mock` (mock mode only; no contract owns the prefix):
 *
 * - `GET /__mock/sessions/{session}`: what a mock session holds (created resources, scenario positions);
 * - `DELETE /__mock/sessions/{session}`: forgets it (204);
 * - `GET /__mock<address>`: the WebSocket connections of a channel (e.g. `/__mock/ws/node`);
 * - `GET /__mock<address>/{key}/messages`: a connection's messages both ways, each with its verdict;
 * - `POST /__mock<address>/{key}/send`: sends a server message, `{"message": "execute", "example"?,
 *   "params"?, "timeout_ms"?}` or `{"body": {...}}`, and answers `{sent, reply, timed_out}` once
 *   the client answered a request (or at once for a notification).
 */
import type { Hono } from 'hono'
import type { MockStateStore } from './runtime.js'
import { SESSION_NAME } from './runtime.js'
import { WsMockProblem, type WsChannelMock } from './ws/channel-mock.js'

const problem = (error: string, message: string) => ({ error, message })

export function addMockControlRoutes(app: Hono, o: { store?: MockStateStore; channels: WsChannelMock[] }): void {
  const { store } = o
  if (store) {
    app.get('/__mock/sessions/:session', async (c) => {
      const session = c.req.param('session')
      if (!SESSION_NAME.test(session)) return c.json(problem('invalid_session', 'a session name is 1-128 letters, digits, ".", "_", ":" or "-"'), 400)
      return c.json({ session, ...(await store.dump(session)) })
    })
    app.delete('/__mock/sessions/:session', async (c) => {
      const session = c.req.param('session')
      if (!SESSION_NAME.test(session)) return c.json(problem('invalid_session', 'a session name is 1-128 letters, digits, ".", "_", ":" or "-"'), 400)
      await store.clear(session)
      return c.body(null, 204)
    })
  }
  for (const ch of o.channels) {
    const base = `/__mock${ch.address}`
    app.get(base, (c) => c.json({ address: ch.address, connected: ch.connected() }))
    app.get(`${base}/:key/messages`, (c) => c.json(ch.messages(c.req.param('key'))))
    app.post(`${base}/:key/send`, async (c) => {
      let req: any
      try {
        req = await c.req.json()
      } catch {
        return c.json(problem('invalid_json', 'the body must be JSON: {"message": "<name>"} or {"body": {...}}'), 400)
      }
      if (!req || typeof req !== 'object' || Array.isArray(req)) return c.json(problem('invalid_request', 'the body must be a JSON object'), 400)
      if (req.timeout_ms !== undefined && !(Number.isInteger(req.timeout_ms) && req.timeout_ms > 0)) {
        return c.json(problem('invalid_request', 'timeout_ms must be a positive integer'), 400)
      }
      if (req.params !== undefined && (typeof req.params !== 'object' || req.params === null || Array.isArray(req.params))) {
        return c.json(problem('invalid_request', 'params must be an object'), 400)
      }
      try {
        const out = await ch.send(c.req.param('key'), {
          message: req.message,
          example: req.example,
          params: req.params,
          body: req.body,
          timeoutMs: req.timeout_ms,
        })
        return c.json({ sent: out.sent, reply: out.reply, timed_out: out.timedOut })
      } catch (e) {
        if (e instanceof WsMockProblem) return c.json(problem(e.code, e.message), e.status as 400 | 404)
        throw e
      }
    })
  }
}
