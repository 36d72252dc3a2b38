/**
 * The generated handler interface makes contract drift a compile error (`make test` typechecks
 * this file): an undocumented status, a wrong body, or a missing operation does not build.
 */
import { describe, expect, it } from 'vitest'
import type { FindoriHandlers, GetLatestFeedResult } from '../../../generated/findori/handlers.gen.js'

const documented: GetLatestFeedResult = { status: 404, body: { error: 'no_published_feed', message: '발행된 피드가 없습니다.' } }

// @ts-expect-error 418 is not a status the spec documents for getLatestFeed
const undocumentedStatus: GetLatestFeedResult = { status: 418, body: { date: '2026-02-27' } }

// @ts-expect-error the 200 body must be `{ date }`, not an error body
const wrongBody: GetLatestFeedResult = { status: 200, body: { error: 'no_published_feed' } }

// @ts-expect-error every operation must be implemented (only one is here)
const incomplete: FindoriHandlers<unknown> = { getLatestFeed: () => ({ status: 200, body: { date: '2026-02-27' } }) }

describe('generated handler types', () => {
  it('accept a documented response', () => expect(documented.status).toBe(404))
  it('exist only to be type-checked otherwise', () => expect([undocumentedStatus, wrongBody, incomplete]).toHaveLength(3))
})
