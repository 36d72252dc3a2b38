// TT - UTC in seconds: what turns an ephemeris instant (TT) into civil time.
// From 1972 civil time is UTC, so TT - UTC = 32.184 s + TAI-UTC exactly (leap-second table);
// after the last leap second (2017) we assume none are added, as the 2022 CGPM resolution
// intends, so civil time keeps TT - UTC = 69.184 s. Before 1972 UTC tracked UT1, and we use
// the observed Delta T series that astronomia ships (IERS/USNO data).
import { readFileSync } from 'node:fs'
import { sourceFile } from '../../../../paths.js'
import { deltat } from 'astronomia'

const table = JSON.parse(readFileSync(sourceFile('services', 'saju', 'engine', 'astro', 'leap-seconds.json'), 'utf8')) as { steps: [string, number][] }
const steps = table.steps.map(([d, s]) => [Date.parse(d + 'T00:00:00Z'), s] as const)
const UTC_START = steps[0][0]

/** TT - UTC (seconds) at the UTC instant `utcMs`. */
export function ttMinusUtc(utcMs: number): number {
  if (utcMs < UTC_START) {
    const year = 1970 + utcMs / (365.2425 * 86_400_000)
    return deltat.deltaT(year)
  }
  let tai = steps[0][1]
  for (const [from, s] of steps) {
    if (utcMs >= from) tai = s
    else break
  }
  return 32.184 + tai
}
