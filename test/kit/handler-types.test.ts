/**
 * The generated handler interface makes contract drift a compile error (`make test` typechecks
 * this file): an undocumented status, a wrong body, or a missing operation does not build.
 */
import { describe, expect, it } from 'vitest'
import { bindFindoriHandlers, type FindoriHandlers, type GetLatestFeedResult } from '../../generated/findori/handlers.gen.js'
import type { RequestMeta } from '../../src/kit/types.js'

const documented: GetLatestFeedResult = { status: 404, body: { error: 'no_published_feed', message: '발행된 피드가 없습니다.' } }

// @ts-expect-error 418 is not a status the spec documents for getLatestFeed
const undocumentedStatus: GetLatestFeedResult = { status: 418, body: { date: '2026-02-27' } }

// @ts-expect-error the 200 body must be `{ date }`, not an error body
const wrongBody: GetLatestFeedResult = { status: 200, body: { error: 'no_published_feed' } }

// @ts-expect-error every operation must be implemented (only one is here)
const incomplete: FindoriHandlers<unknown> = { getLatestFeed: () => ({ status: 200, body: { date: '2026-02-27' } }) }

interface Ctx {
  request: RequestMeta
  store: Map<string, string>
}
declare const complete: FindoriHandlers<Ctx>
// A service binds through the generated helper, which checks handlers and context alike.
const bind = () => bindFindoriHandlers(complete, { store: new Map() })
// @ts-expect-error handlers must implement the generated interface
const notHandlers = () => bindFindoriHandlers(new Date(), {})
// @ts-expect-error the context must be the handlers' Ctx (without `request`)
const wrongContext = () => bindFindoriHandlers(complete, { store: 'not a map' })
// @ts-expect-error a binding's handlers only come from a generated helper
const unbound: import('../../src/kit/contract.js').ServiceBinding = { verifiers: {}, handlers: { getLatestFeed: () => null } }

describe('generated handler types', () => {
  it('accept a documented response', () => expect(documented.status).toBe(404))
  it('exist only to be type-checked otherwise', () =>
    expect([undocumentedStatus, wrongBody, incomplete, bind, notHandlers, wrongContext, unbound]).toHaveLength(7))
})
