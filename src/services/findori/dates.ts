/**
 * Feed dates: `YYYY-MM-DD` that exist on the calendar (2026-02-30 does not), and the KST (UTC+9,
 * no daylight saving) calendar date of an instant, which names a day's feed.
 */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

const KST_OFFSET_MS = 9 * 3600_000
export const kstDate = (at: Date) => new Date(at.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10)
