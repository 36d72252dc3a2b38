/**
 * Reports and luck: the engine's full report (stored, for chat and PDF) and the annual/monthly
 * luck, served from a cache with Cache-Control and ETag; and the public key that signs every body.
 */
import type { SajuHandlers } from '../../../../generated/saju/handlers.gen.js'
import type * as T from '../../../../generated/saju/sdk/types.gen.js'
import {
  computeReport,
  AnnualLuckCalculator,
  MonthlyLuckCalculator,
  SajuInputError,
  ANNUAL_TTL_SEC,
  MONTHLY_TTL_SEC,
  type SajuReport,
} from '../engine/index.js'
import { inputProblem, unsigned } from '../problem.js'
import { entitlementsOf, snapshotOf, adsSuggestOf } from '../entitlements.js'
import { LuckCache } from '../luck-cache.js'
import { signatureOf } from '../signatures.js'
import * as repo from '../repo.js'
import { profileNotFound, resolveSubject, userOf, type SajuContext } from './context.js'

function luckHeaders(body: Record<string, unknown>, ttl: number) {
  return { 'Cache-Control': `private, max-age=${ttl}`, ETag: `"${signatureOf(body)}"` }
}

export const reportHandlers: Pick<SajuHandlers<SajuContext>, 'createSajuReport' | 'getAnnualLuck' | 'getMonthlyLuck' | 'getSigningKeys'> = {
  async createSajuReport(req, ctx) {
    const { saju } = ctx
    const subject = await resolveSubject(ctx, req.body)
    if (!subject.ok) return profileNotFound(ctx)
    const now = saju.now()
    let report: SajuReport
    try {
      report = computeReport(subject.body, { policies: saju.policies, now })
    } catch (e) {
      if (e instanceof SajuInputError) return inputProblem(ctx.request, e) as any
      throw e
    }
    await repo.insertReport(saju.deps.db, {
      id: report.meta.report_id,
      user_id: userOf(ctx),
      profile_id: req.body.profile_id ?? null,
      body_json: JSON.stringify(report),
      created_at: now.toISOString(),
    })
    const ent = await entitlementsOf(saju.deps.db, userOf(ctx), saju.reward, now)
    const ads = adsSuggestOf(ent)
    return { status: 200, body: unsigned<T.ReportSajuResponseSummary>({ ...report, entitlements: snapshotOf(ent), ...(ads ? { ads_suggest: ads } : {}) }) }
  },

  async getAnnualLuck(req, ctx) {
    const found = await cachedLuck(ctx, req.body, 'annual', ANNUAL_TTL_SEC, (p) => new AnnualLuckCalculator(p))
    return found.ok ? { status: 200, body: found.body as unknown as T.LuckAnnual, headers: luckHeaders(found.body, ANNUAL_TTL_SEC) } : found.problem
  },

  async getMonthlyLuck(req, ctx) {
    const found = await cachedLuck(ctx, req.body, 'monthly', MONTHLY_TTL_SEC, (p) => new MonthlyLuckCalculator(p))
    return found.ok ? { status: 200, body: found.body as unknown as T.LuckMonthly, headers: luckHeaders(found.body, MONTHLY_TTL_SEC) } : found.problem
  },

  getSigningKeys(_req, ctx) {
    return { status: 200, body: unsigned<T.SigningKeys>({ keys: [ctx.signingKey.jwk] }), headers: { 'Cache-Control': 'public, max-age=3600' } }
  },
}

/** A luck report from the cache, or computed and cached for `ttlSec`; a problem answer for a bad subject. */
async function cachedLuck<B extends { profile_id?: string }>(
  ctx: SajuContext,
  requestBody: B,
  kind: 'annual' | 'monthly',
  ttlSec: number,
  compute: (policies: SajuContext['saju']['policies']) => { report(subject: B, now: Date): object },
) {
  const { saju } = ctx
  const subject = await resolveSubject(ctx, requestBody)
  if (!subject.ok) return { ok: false as const, problem: profileNotFound(ctx) }
  const now = saju.now()
  const key = LuckCache.keyOf(kind, subject.body)
  const cached = saju.luckCache.get(key, now.getTime())
  if (cached) return { ok: true as const, body: cached }
  try {
    const body = compute(saju.policies).report(subject.body, now) as Record<string, unknown>
    saju.luckCache.set(key, body, ttlSec * 1000, now.getTime())
    return { ok: true as const, body }
  } catch (e) {
    // The engine's input problems (400/422) are the operation's documented answers too.
    if (e instanceof SajuInputError) return { ok: false as const, problem: inputProblem(ctx.request, e) as any }
    throw e
  }
}
