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
    const { saju } = ctx
    const subject = await resolveSubject(ctx, req.body)
    if (!subject.ok) return profileNotFound(ctx)
    const now = saju.now()
    const key = LuckCache.keyOf('annual', subject.body)
    let body = saju.luckCache.get(key, now.getTime())
    if (!body) {
      try {
        body = new AnnualLuckCalculator(saju.policies).report(subject.body, now) as unknown as Record<string, unknown>
      } catch (e) {
        if (e instanceof SajuInputError) return inputProblem(ctx.request, e) as any
        throw e
      }
      saju.luckCache.set(key, body, ANNUAL_TTL_SEC * 1000, now.getTime())
    }
    return { status: 200, body: body as unknown as T.LuckAnnual, headers: luckHeaders(body, ANNUAL_TTL_SEC) }
  },

  async getMonthlyLuck(req, ctx) {
    const { saju } = ctx
    const subject = await resolveSubject(ctx, req.body)
    if (!subject.ok) return profileNotFound(ctx)
    const now = saju.now()
    const key = LuckCache.keyOf('monthly', subject.body)
    let body = saju.luckCache.get(key, now.getTime())
    if (!body) {
      try {
        body = new MonthlyLuckCalculator(saju.policies).report(subject.body, now) as unknown as Record<string, unknown>
      } catch (e) {
        if (e instanceof SajuInputError) return inputProblem(ctx.request, e) as any
        throw e
      }
      saju.luckCache.set(key, body, MONTHLY_TTL_SEC * 1000, now.getTime())
    }
    return { status: 200, body: body as unknown as T.LuckMonthly, headers: luckHeaders(body, MONTHLY_TTL_SEC) }
  },

  getSigningKeys(_req, ctx) {
    return { status: 200, body: unsigned<T.SigningKeys>({ keys: [ctx.signingKey.jwk] }), headers: { 'Cache-Control': 'public, max-age=3600' } }
  },
}
