// Minimal typings for lunar-javascript (6tail), used only as an independent cross-check in tests.
declare module 'lunar-javascript' {
  export interface EightChar {
    getYear(): string
    getMonth(): string
    getDay(): string
    getTime(): string
    setSect(sect: 1 | 2): void
  }
  export interface Lunar {
    getEightChar(): EightChar
  }
  export interface SolarT {
    getLunar(): Lunar
    toYmdHms(): string
    getYear(): number
    getMonth(): number
    getDay(): number
    getHour(): number
    getMinute(): number
    getSecond(): number
  }
  export const Solar: { fromYmdHms(y: number, m: number, d: number, h: number, mi: number, s: number): SolarT }
  export interface LunarYearT {
    getLeapMonth(): number
  }
  export const LunarYear: { fromYear(y: number): LunarYearT }
  export const ShouXingUtil: { saLonT(w: number): number; qiAccurate2(jd: number): number; dtT(t: number): number; ONE_THIRD: number }
}
