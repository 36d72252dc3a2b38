// Instants of the 24 solar terms (절기): when the Sun's apparent geocentric longitude reaches
// a multiple of 15 degrees. Positions come from the full VSOP87B Earth series shipped by
// `astronomia` with nutation and aberration (Meeus ch. 25); the crossing is found by Newton
// steps in TT and then moved to UTC. Each Gregorian year is computed once and cached,
// because a report needs only a handful of terms and one year costs ~10 ms.
import { planetposition, solar } from 'astronomia'
import astroData from 'astronomia/data'
import { ttMinusUtc } from './delta-t.js'
import { jdToMs, msToJd } from './julian.js'

const earth = new planetposition.Planet(astroData.vsop87Bearth)
const TAU = 2 * Math.PI
const D2R = Math.PI / 180
const TROPICAL_YEAR_DAYS = 365.242189

/** One term: its longitude in degrees (0 = 춘분, 315 = 입춘) and its UTC instant. */
export interface SolarTerm {
  longitude: number
  utcMs: number
  /** The same instant in Terrestrial Time, as a Julian Ephemeris Day. */
  jde: number
  /** True for the 12 절 (jie) that start a saju month: longitudes 315 + 30k. */
  isJie: boolean
}

/** Apparent solar longitude (radians, 0..2π) at a Julian Ephemeris Day. */
export function apparentSolarLongitude(jde: number): number {
  return solar.apparentVSOP87(earth, jde).lon
}

/** Low-precision apparent longitude (Meeus ch. 25, ~0.01°): cheap, used only to start the solve. */
function roughLongitude(jde: number): number {
  return solar.apparentLongitude((jde - 2451545) / 36525)
}

function wrap(rad: number): number {
  return rad - TAU * Math.round(rad / TAU)
}

/**
 * JDE (TT) at which the apparent longitude equals `lonDeg`, from a guess within a few days.
 * The rough model brings the guess to ~15 min; Newton steps on VSOP87 with the rough model's
 * rate then converge to well under a second in two or three full evaluations.
 */
export function solveLongitude(lonDeg: number, guessJde: number): number {
  const target = lonDeg * D2R
  let jde = guessJde
  for (let i = 0; i < 4; i++) jde += (wrap(target - roughLongitude(jde)) / TAU) * TROPICAL_YEAR_DAYS
  const rate = wrap(roughLongitude(jde + 0.5) - roughLongitude(jde - 0.5))
  for (let i = 0; i < 6; i++) {
    const step = wrap(target - apparentSolarLongitude(jde)) / rate
    jde += step
    if (Math.abs(step) < 2e-7) break // 0.02 s
  }
  return jde
}

function jdeToUtcMs(jde: number): number {
  const approx = jdToMs(jde)
  return approx - ttMinusUtc(approx - 69_000) * 1000
}

const cache = new Map<number, SolarTerm[]>()

/**
 * The 24 terms falling in Gregorian year `year` (UTC), in time order from 소한 (285°) to 동지 (270°).
 */
export function solarTermsOfYear(year: number): SolarTerm[] {
  let terms = cache.get(year)
  if (terms) return terms
  terms = []
  // 소한 falls near January 5-6; later terms follow at the mean spacing, within ~2 days.
  const start = msToJd(Date.UTC(year, 0, 5, 12))
  for (let k = 0; k < 24; k++) {
    const lon = (285 + 15 * k) % 360
    const guess = start + (k * TROPICAL_YEAR_DAYS) / 24
    const jde = solveLongitude(lon, guess)
    terms.push({ longitude: lon, utcMs: jdeToUtcMs(jde), jde, isJie: (lon - 315 + 360) % 30 === 0 })
  }
  cache.set(year, terms)
  return terms
}

/** The last jie at or before `utcMs` and the first jie after it. */
export function surroundingJie(utcMs: number): { previous: SolarTerm; next: SolarTerm } {
  const year = new Date(utcMs).getUTCFullYear()
  const list = [...solarTermsOfYear(year - 1), ...solarTermsOfYear(year), ...solarTermsOfYear(year + 1)].filter((t) => t.isJie)
  let i = list.length - 1
  while (list[i].utcMs > utcMs) i--
  return { previous: list[i], next: list[i + 1] }
}
