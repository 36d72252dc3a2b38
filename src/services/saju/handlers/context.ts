/**
 * What every saju handler shares: the context the kit hands them (the service, the signing key and
 * the request), the caller, and a profile's birth data and public shape.
 */
import type * as T from '../../../../generated/saju/sdk/types.gen.js'
import type { RequestMeta } from '../../../kit/types.js'
import type { SajuService } from '../wiring.js'
import type { SigningKey } from '../signing-key.js'
import type { SajuProfilesTable } from '../tables.js'
import { problem } from '../problem.js'
import * as repo from '../repo.js'

export interface SajuContext {
  saju: SajuService
  signingKey: SigningKey
  request: RequestMeta
}

/** The caller (security.ts let only stored, live tokens in). */
export const userOf = (ctx: SajuContext) => ctx.request.principal!.id
export const isoSec = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

type Birth = Pick<
  T.ReportSajuRequest,
  'birth_dt_local' | 'tz' | 'calendar_type' | 'is_leap_month' | 'zi_hour_mode' | 'unknown_hour' | 'regional_correction_minutes'
>

export const birthOfProfile = (p: SajuProfilesTable): Birth & { gender: 'male' | 'female' } => ({
  birth_dt_local: p.birth_dt_local,
  tz: p.tz,
  calendar_type: p.calendar_type,
  is_leap_month: !!p.is_leap_month,
  zi_hour_mode: p.zi_hour_mode,
  unknown_hour: !!p.unknown_hour,
  regional_correction_minutes: p.regional_correction_minutes,
  gender: p.gender,
})

export const profileShape = (p: SajuProfilesTable): Omit<T.Profile, 'signatures'> => ({
  profile_id: p.id,
  name: p.name,
  ...birthOfProfile(p),
  calendar_type: p.calendar_type,
  is_leap_month: !!p.is_leap_month,
  zi_hour_mode: p.zi_hour_mode,
  unknown_hour: !!p.unknown_hour,
  regional_correction_minutes: p.regional_correction_minutes,
  relation: p.relation,
  memo: p.memo,
  created_at: p.created_at,
  updated_at: p.updated_at,
})

export const profileNotFound = (ctx: SajuContext) =>
  problem<404>(ctx.request, 'E_NOT_FOUND', '프로필을 찾을 수 없습니다.', 'profile_id를 확인하거나 생략하세요.')

/** A request's birth data: the stored profile's when profile_id names one of the caller's (else 404). */
export async function resolveSubject<B extends { profile_id?: string }>(ctx: SajuContext, body: B): Promise<{ ok: true; body: B } | { ok: false }> {
  if (!body.profile_id) return { ok: true, body }
  const p = await repo.findProfile(ctx.saju.deps.db, userOf(ctx), body.profile_id)
  if (!p) return { ok: false }
  const { gender, ...birth } = birthOfProfile(p)
  return { ok: true, body: { ...body, ...birth, gender: (body as { gender?: string }).gender ?? gender } }
}
