// GET /tokens/reward/admob-ssv verifies the query string as it arrived (ctx.request.rawQuery), on
// both transports: a real Google-signed callback (escapes in it) credits when the key server
// publishes Google's key, and callbacks a rebuild from parsed parameters would refuse (a literal
// `+`, a parameter AdMob adds that we do not list, another order) credit too; a query whose escapes
// would let the signed text read as other parameters credits nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublicKey } from 'node:crypto'
import { getEntitlements, rewardTokens } from '../../generated/saju/sdk/index.js'
import { createUser } from '../../src/services/saju/repo.js'
import { startSaju, rid, type SajuRig } from './harness.js'
import { startKeyServer, receiptBody, signContent, type KeyServer } from './ssv-fixture.js'
import { GOOGLE_KEY_BASE64, GOOGLE_KEY_ID, REAL_CALLBACKS } from '../unit/saju/admob-callbacks.js'

let rig: SajuRig
let ks: KeyServer
beforeAll(async () => {
  const google = createPublicKey({ key: Buffer.from(GOOGLE_KEY_BASE64, 'base64'), format: 'der', type: 'spki' })
  ks = await startKeyServer([{ keyId: GOOGLE_KEY_ID, publicKey: google }])
  rig = await startSaju({ SAJU_SSV_KEYS_URL: ks.url, SAJU_REWARD_COOLDOWN_SEC: '0', SAJU_REWARD_DAILY_CAP: '1000' })
})
afterAll(async () => {
  await rig?.stop()
  await ks?.close()
})

const transports = {
  'over HTTP (node lane)': (query: string) => fetch(`${rig.base}/api/v1/tokens/reward/admob-ssv?${query}`),
  'in process (Hono)': (query: string) => rig.server.app.request(`/api/v1/tokens/reward/admob-ssv?${query}`),
}
const balanceOf = async (token: string) => (await getEntitlements({ client: rig.client(token), headers: { 'X-Request-Id': rid() } })).data!.deep_tokens

let tx = 0
/** A callback signed with the fixture key over exactly `signedRaw` (the raw text before `&signature=`). */
const signed = (signedRaw: string) => `${signedRaw}&signature=${signContent(signedRaw, ks.keys[0].privateKey)}&key_id=${ks.keys[0].keyId}`

describe("Google's own signed callback", () => {
  const v = REAL_CALLBACKS.find((c) => c.query.includes('SuperPowers'))!
  it(`credits ${v.source} (escapes %7B%22…%3A%205%7D and Battle%20Pass in it) exactly once`, async () => {
    const ts = Number(v.expect.timestamp ?? v.query.match(/timestamp=(\d+)/)![1])
    rig.clock.t = ts + 60_000
    const userId = v.expect.user_id
    await createUser(rig.server.deps.db, userId, 'free', 0, rig.clock.now())
    const first = await transports['over HTTP (node lane)'](v.query)
    expect(first.status, await first.clone().text()).toBe(200)
    expect(await first.json()).toMatchObject({ status: 'credited', transaction_id: '123456789', user_id: userId, granted: 1, balance: 1 })
    const again = await transports['in process (Hono)'](v.query)
    expect(await again.json()).toMatchObject({ status: 'already_credited', balance: 1 })
  })
})

for (const [transport, call] of Object.entries(transports)) {
  describe(`encodings a rebuild from parsed parameters gets wrong, ${transport}`, () => {
    const base = async () => {
      rig.clock.t = Date.parse('2026-11-24T02:00:00Z') + ++tx * 1000
      const u = await rig.user('free', 0)
      return { u, common: `timestamp=${rig.clock.now().getTime()}&transaction_id=raw${transport.length}x${tx}&user_id=${u.id}` }
    }
    const credits = async (signedRaw: string, token: string) => {
      const res = await call(signed(signedRaw))
      expect(res.status, await res.clone().text()).toBe(200)
      expect(await balanceOf(token)).toBe(1)
    }

    it('a literal + (signed as +, where a parser reads a space)', async () => {
      const { u, common } = await base()
      await credits(`ad_network=1&ad_unit=2&custom_data=1%2B1+2&reward_amount=1&reward_item=deep_token&${common}`, u.token)
    })

    it('a parameter AdMob adds that the server does not list', async () => {
      const { u, common } = await base()
      await credits(`ad_network=1&ad_unit=2&reward_amount=1&reward_item=deep_token&reward_tier=gold&${common}`, u.token)
    })

    it('parameters in another order, escapes in lower case, UTF-8', async () => {
      const { u, common } = await base()
      await credits(`${common}&reward_item=%eb%94%a5%20%ED%86%A0%ED%81%B0&reward_amount=1&ad_unit=2&ad_network=1`, u.token)
    })

    it('refuses an escaped & that would make the signed text read as other parameters, crediting nothing', async () => {
      const { u, common } = await base()
      const res = await call(signed(`ad_network=1&ad_unit=2&custom_data=x%26reward_amount%3D100&reward_amount=1&reward_item=t&${common}`))
      expect(res.status).toBe(422)
      expect(await balanceOf(u.token)).toBe(0)
    })
  })
}

describe('POST /tokens/reward: signed_payload is the raw query text too', () => {
  it('credits a receipt whose signed payload carries escapes (custom data with spaces and Korean)', async () => {
    rig.clock.t = Date.parse('2026-11-25T02:00:00Z')
    const u = await rig.user('free', 0)
    const body = receiptBody(
      { transaction_id: `rawpost${Date.now()}`, user_id: u.id, timestamp: rig.clock.now().getTime() },
      ks.keys[0],
      'rwd-raw-000000000001',
    )
    body.receipt.signed_payload = body.receipt.signed_payload.replace('&reward_amount', `&custom_data=${encodeURIComponent('딥 토큰 + 1')}&reward_amount`)
    body.receipt.signature = signContent(body.receipt.signed_payload, ks.keys[0].privateKey)
    const res = await rewardTokens({ client: u.client, headers: { 'X-Request-Id': rid() }, body })
    expect(res.response.status, JSON.stringify(res.error)).toBe(200)
    expect(await balanceOf(u.token)).toBe(1)
  })
})
