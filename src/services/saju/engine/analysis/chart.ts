// The natal chart as the analysis modules see it: the pillars by position, hour optional.
import type { Position } from '../policy/types.js'
import type { RawPillar } from '../pillars/four-pillars.js'

export interface Chart {
  pillars: Partial<Record<Position, RawPillar>> & { year: RawPillar; month: RawPillar; day: RawPillar }
}

export const POSITIONS: Position[] = ['year', 'month', 'day', 'hour']

/** Present positions in order (hour absent when unknown). */
export function presentPositions(c: Chart): Position[] {
  return POSITIONS.filter((p) => c.pillars[p])
}
