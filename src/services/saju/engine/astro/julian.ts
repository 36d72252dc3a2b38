// Julian dates on the UTC millisecond timeline.
export const JD_UNIX_EPOCH = 2440587.5
export const MS_PER_DAY = 86_400_000

export function msToJd(ms: number): number {
  return ms / MS_PER_DAY + JD_UNIX_EPOCH
}

export function jdToMs(jd: number): number {
  return (jd - JD_UNIX_EPOCH) * MS_PER_DAY
}
