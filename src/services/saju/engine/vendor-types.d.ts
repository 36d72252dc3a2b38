// Ambient types for the untyped astronomy package; only what the engine calls.
declare module 'astronomia' {
  export interface Coord {
    lon: number
    lat: number
    range: number
  }
  export class Planet {
    constructor(data: unknown)
    position(jde: number): Coord
  }
  export const planetposition: { Planet: typeof Planet }
  export const solar: { apparentVSOP87(planet: Planet, jde: number): Coord; apparentLongitude(T: number): number }
  export const deltat: { deltaT(decimalYear: number): number }
}
declare module 'astronomia/data' {
  const data: { vsop87Bearth: unknown; [k: string]: unknown }
  export default data
}
