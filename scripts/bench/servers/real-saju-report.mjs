/**
 * Real-mode baseline (issue 15): saju's signed report written by hand. Bare Hono on our server's
 * database file (BENCH_DB) with better-sqlite3 prepared statements: the bearer JWT checked as our
 * verifier does (jose, HS256, audience, required claims; then the stored token's row, its hash in
 * constant time, the user), the engine called directly (`computeReport` from dist/), the report
 * stored, the entitlements snapshot read with the same five queries, and the body signed the same
 * way: `signatures.sha256` = SHA-256 of the RFC 8785 (JCS, json-canonicalize) bytes of the body
 * without it, and `X-Signature` an Ed25519 signature of the same bytes. What our real handler
 * costs beyond this is Kysely, the handler and the contract layer (request id, rate limit,
 * request and response validation).
 */
import { createHash, createPrivateKey, createPublicKey, sign, timingSafeEqual } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { jwtVerify } from 'jose'
import { canonicalize } from 'json-canonicalize'
import { HOST, PORT } from './fixtures.mjs'
import { openLikeOurs } from './sqlite.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const { computeReport, defaultPolicies } = await import(`${ROOT}dist/src/services/saju/engine/index.js`)
const { PLANS, kstDate, nextKstMidnight } = await import(`${ROOT}dist/src/services/saju/plans.js`)

// Imported once, as our verifier does (jose would import raw bytes on every call).
const JWT_KEY = await crypto.subtle.importKey('raw', new TextEncoder().encode(process.env.SAJU_JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, [
  'verify',
])
const SKEW_SEC = 60
const MAX_TTL_SEC = 366 * 86_400
const REWARD = { cooldownSec: 300, dailyCap: 5 }
const policies = defaultPolicies()

// The signing key, derived from SAJU_SIGNING_KEY as the server derives it (64 hex = the seed).
const seed = Buffer.from(process.env.SAJU_SIGNING_KEY, 'hex')
const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' })
const kid = createHash('sha256')
  .update(Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x, 'base64url'))
  .digest('hex')
  .slice(0, 16)

const db = openLikeOurs(process.env.BENCH_DB)
const findToken = db.prepare('SELECT * FROM saju_api_tokens WHERE id = ?')
const findUser = db.prepare('SELECT * FROM saju_users WHERE id = ?')
const insertReport = db.prepare('INSERT INTO saju_reports (id, user_id, profile_id, body_json, created_at) VALUES (?, ?, ?, ?, ?)')
const countProfiles = db.prepare('SELECT count(*) AS n FROM saju_profiles WHERE user_id = ?')
const lightUsed = db.prepare('SELECT used FROM saju_light_usage WHERE user_id = ? AND kst_date = ?')
const rewardsOfDay = db.prepare('SELECT credited_at FROM saju_rewards WHERE user_id = ? AND kst_date = ? ORDER BY credited_at DESC')
const lastReward = db.prepare('SELECT credited_at FROM saju_rewards WHERE user_id = ? ORDER BY credited_at DESC LIMIT 1')

const sha256 = (s) => createHash('sha256').update(s).digest()
const isoSec = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
const problem = (status, code, title) => ({ type: 'about:blank', title, status, code })

async function caller(authorization, now) {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
  if (!token) return null
  let payload
  try {
    ;({ payload } = await jwtVerify(token, JWT_KEY, {
      algorithms: ['HS256'],
      audience: 'saju-api',
      currentDate: now,
      clockTolerance: SKEW_SEC,
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    }))
  } catch {
    return null
  }
  const { sub, jti, iat, exp } = payload
  if (typeof sub !== 'string' || !sub.trim() || typeof jti !== 'string' || iat > now.getTime() / 1000 + SKEW_SEC || exp - iat > MAX_TTL_SEC) return null
  const row = findToken.get(jti)
  if (!row || row.revoked_at || row.user_id !== sub || !timingSafeEqual(sha256(createHash('sha256').update(token).digest('hex')), sha256(row.token_hash)))
    return null
  return findUser.get(sub) ?? null
}

function entitlements(userId, now) {
  const user = findUser.get(userId)
  const rules = PLANS[user.plan]
  const today = kstDate(now)
  const used = lightUsed.get(userId, today)?.used ?? 0
  const rewardsToday = rewardsOfDay.all(userId, today)
  const last = lastReward.get(userId)?.credited_at ?? null
  countProfiles.get(userId)
  let nextEligible = null
  if (rewardsToday.length >= REWARD.dailyCap) nextEligible = nextKstMidnight(now)
  else if (last && Date.parse(last) + REWARD.cooldownSec * 1000 > now.getTime()) nextEligible = new Date(Date.parse(last) + REWARD.cooldownSec * 1000)
  const snapshot = { plan: user.plan, light_daily_left: Math.max(0, rules.light_daily_limit - used), deep_tokens: user.deep_tokens }
  const suggest = !(rules.features.ads_free || user.deep_tokens >= 3 || nextEligible !== null || rewardsToday.length >= REWARD.dailyCap)
  return { snapshot, ads: suggest ? { show: true, format: 'rewarded', reward_tokens: 1, reason: 'low_deep_tokens' } : undefined, isoNow: isoSec(now) }
}

const app = new Hono()
// The bench's readiness probe asks for the orchestrator's list; any answer will do.
app.get('/api/nodes', (c) => c.json({ nodes: [], total: 0, limit: 50, offset: 0 }))
app.post('/api/v1/report/saju', async (c) => {
  const now = new Date()
  const user = await caller(c.req.header('authorization'), now)
  if (!user) return c.json(problem(401, 'E_UNAUTHORIZED', '인증이 필요합니다.'), 401)
  const body = await c.req.json()
  // The spec's examples carry no profile_id here: the request's own birth data is the subject.
  let report
  try {
    report = computeReport(body, { policies, now })
  } catch (e) {
    return c.json(problem(400, 'E_BAD_REQUEST', e.message), 400)
  }
  insertReport.run(report.meta.report_id, user.id, body.profile_id ?? null, JSON.stringify(report), now.toISOString())
  const { snapshot, ads } = entitlements(user.id, now)
  const unsigned = { ...report, entitlements: snapshot, ...(ads ? { ads_suggest: ads } : {}) }
  const canonical = canonicalize(unsigned)
  const signed = { ...unsigned, signatures: { sha256: createHash('sha256').update(canonical, 'utf8').digest('hex') } }
  c.header('X-Signature', `keyid="${kid}", alg="ed25519", sig="${sign(null, Buffer.from(canonical, 'utf8'), privateKey).toString('base64url')}"`)
  return c.json(signed)
})
serve({ fetch: app.fetch, port: PORT, hostname: HOST })

// A clean exit on the bench's SIGTERM, so --cpu-prof (BENCH_REAL_PROFILE_DIR) writes its profile.
process.on('SIGTERM', () => process.exit(0))
