// The report request as the saju API defines it (spec/saju.openapi.yaml, ReportSajuRequest).

export interface SajuRequest {
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
  gender: 'male' | 'female'
  name?: string
}
