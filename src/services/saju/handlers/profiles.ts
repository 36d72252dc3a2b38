/**
 * Profiles: stored birth data of the caller (validated by the engine), within the plan's
 * storage_limit; another user's profile id is 404.
 */
import type { SajuHandlers } from '../../../../generated/saju/handlers.gen.js'
import type * as T from '../../../../generated/saju/sdk/types.gen.js'
import { randomUUID } from 'node:crypto'
import { inTransaction } from '../../../db/prepared.js'
import { natalChart, SajuInputError } from '../engine/index.js'
import { inputProblem, problem, unsigned } from '../problem.js'
import { PLANS, type PlanId } from '../plans.js'
import * as repo from '../repo.js'
import { isoSec, profileNotFound, profileShape, userOf, type SajuContext } from './context.js'

export const profileHandlers: Pick<SajuHandlers<SajuContext>, 'createProfile' | 'listProfiles' | 'deleteProfile' | 'getProfile'> = {
  async createProfile(req, ctx) {
    const { saju } = ctx
    const userId = userOf(ctx)
    const now = saju.now()
    const b = req.body
    try {
      natalChart({ ...b }, saju.policies)
    } catch (e) {
      if (e instanceof SajuInputError) return inputProblem(ctx.request, e) as any
      throw e
    }
    const user = (await repo.findUser(saju.deps.db, userId))!
    const limit = PLANS[user.plan as PlanId].storage_limit
    const row = repo.profileRow(randomUUID(), userId, b, isoSec(now))
    const stored = await inTransaction(saju.deps.db, async (trx) => {
      if ((await repo.countProfiles(trx, userId)) >= limit) return false
      await repo.insertProfile(trx, row)
      return true
    })
    if (!stored)
      return problem<409>(ctx.request, 'E_CONFLICT', `프로필 저장 한도(${limit}개)에 도달했습니다.`, '기존 프로필을 삭제하거나 플랜을 업그레이드하세요.', [
        { pointer: '/name', message: `storage_limit ${limit}` },
      ])
    return { status: 201, body: unsigned<T.Profile>(profileShape(row)) }
  },

  async listProfiles(_req, ctx) {
    const { saju } = ctx
    const userId = userOf(ctx)
    const rows = await repo.listProfiles(saju.deps.db, userId)
    const user = (await repo.findUser(saju.deps.db, userId))!
    return {
      status: 200,
      body: unsigned<T.ProfileList>({ items: rows.map(profileShape), storage_limit: PLANS[user.plan as PlanId].storage_limit, stored: rows.length }),
    }
  },

  async deleteProfile(req, ctx) {
    const { db } = ctx.saju.deps
    const userId = userOf(ctx)
    if (!(await repo.deleteProfile(db, userId, req.path.profile_id))) return profileNotFound(ctx)
    const user = (await repo.findUser(db, userId))!
    return {
      status: 200,
      body: unsigned<T.ProfileDeleted>({
        profile_id: req.path.profile_id,
        deleted: true,
        stored: await repo.countProfiles(db, userId),
        storage_limit: PLANS[user.plan as PlanId].storage_limit,
      }),
    }
  },

  async getProfile(req, ctx) {
    const p = await repo.findProfile(ctx.saju.deps.db, userOf(ctx), req.path.profile_id)
    if (!p) return profileNotFound(ctx)
    return { status: 200, body: unsigned<T.Profile>(profileShape(p)) }
  },
}
