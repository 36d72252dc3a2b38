// The request checked and normalized the way the spec echoes it (BirthInputEcho: defaults applied,
// name left out for privacy). The HTTP layer validates the schema first; the engine re-checks the
// fields it depends on so the library and the CLI refuse bad input with a reason too.
import { SajuInputError } from '../errors.js'
import type { BirthInputEcho } from '../spec-types.js'
import type { BirthRequest } from '../spec-types.js'

export function inputEcho(req: BirthRequest, genderRequired: boolean): BirthInputEcho {
  if (req === null || typeof req !== 'object') throw new SajuInputError('E_BAD_REQUEST', 'request must be a JSON object')
  const zi = req.zi_hour_mode ?? 'default'
  if (zi !== 'default' && zi !== 'split_23') throw new SajuInputError('E_BAD_REQUEST', 'zi_hour_mode must be "split_23" or "default"', 'zi_hour_mode')
  const calendar = req.calendar_type ?? 'solar'
  if (calendar !== 'solar' && calendar !== 'lunar') throw new SajuInputError('E_BAD_REQUEST', 'calendar_type must be "solar" or "lunar"', 'calendar_type')
  const gender = req.gender ?? null
  if ((genderRequired || gender !== null) && gender !== 'male' && gender !== 'female') {
    throw new SajuInputError('E_BAD_REQUEST', 'gender must be "male" or "female"', 'gender')
  }
  for (const k of ['is_leap_month', 'unknown_hour'] as const) {
    if (req[k] !== undefined && typeof req[k] !== 'boolean') throw new SajuInputError('E_BAD_REQUEST', `${k} must be a boolean`, k)
  }
  return {
    birth_dt_local: req.birth_dt_local,
    tz: req.tz,
    calendar_type: calendar,
    is_leap_month: req.is_leap_month ?? false,
    zi_hour_mode: zi,
    unknown_hour: req.unknown_hour ?? false,
    regional_correction_minutes: req.regional_correction_minutes ?? 0,
    gender,
  }
}
