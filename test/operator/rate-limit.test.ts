/**
 * Token guessing is slowed down: after 30 token-checked requests a minute from one address,
 * submit answers 429 with Retry-After in the FastAPI shape.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as sdk from '../../generated/operator/sdk/index.js'
import { TOKEN_CHECKS_PER_MIN } from '../../src/services/operator/rate-limit.js'
import { startOperator, type Running } from './harness.js'

let r: Running
beforeAll(async () => (r = await startOperator({ OPERATOR_MODE: 'LIVE' })))
afterAll(() => r?.stop())

it('answers 429 after 30 guesses a minute', async () => {
  const guess = (token: string) =>
    sdk.submitDraft({ client: r.client, body: { token, draft: { ticket_ref: 'ticket_2026-02-18.md', plan_id: 'plan_20260218_0900', action: 'BUY' } } })
  for (let i = 0; i < TOKEN_CHECKS_PER_MIN; i++) expect((await guess(`guess-${i}`)).response.status).toBe(403)
  const { error, response } = await guess('one-more-guess')
  expect(response.status).toBe(429)
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  expect(error).toEqual({ detail: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.' })
  // Reading is not limited.
  expect((await sdk.getOpsSummary({ client: r.client })).response.status).toBe(200)
})
