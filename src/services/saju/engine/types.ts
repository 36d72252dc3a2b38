// The requests as the saju API defines them (spec/saju.openapi.yaml: ReportSajuRequest,
// LuckAnnualRequest, LuckMonthlyRequest); all share the birth fields.

export interface BirthRequest {
  /** ISO 8601 local date-time, optionally with an explicit offset to pick one side of an overlap. */
  birth_dt_local: string
  /** IANA zone, e.g. "Asia/Seoul". */
  tz: string
  calendar_type?: 'solar' | 'lunar'
  /** With calendar_type 'lunar': the date is in the leap (윤) month. */
  is_leap_month?: boolean
  zi_hour_mode?: 'split_23' | 'default'
  unknown_hour?: boolean
  /** Minutes added to the zone's present standard time to get local mean time (Seoul: -32). */
  regional_correction_minutes?: number
  gender?: 'male' | 'female'
  /** Display only; never used in the computation and never echoed. */
  name?: string
  profile_id?: string
}

export interface SajuRequest extends BirthRequest {
  gender: 'male' | 'female'
}

export interface AnnualLuckRequest extends BirthRequest {
  year: number
  span?: number
}

export interface MonthlyLuckRequest extends BirthRequest {
  year: number
  month: number
}
