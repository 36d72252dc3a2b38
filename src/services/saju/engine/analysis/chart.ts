// The natal chart as the analysis modules see it: the pillars by position, hour optional.
import type { Position } from '../policy/types.js'
import type { RawPillar } from '../pillars/four-pillars.js'
import type { PillarPosition } from '../spec-types.js'

export interface Chart {
  pillars: Partial<Record<Position, RawPillar>> & { year: RawPillar; month: RawPillar; day: RawPillar }
}

export const POSITIONS: Position[] = ['year', 'month', 'day', 'hour']

/** Present positions in order (hour absent when unknown). */
export function presentPositions(c: Chart): Position[] {
  return POSITIONS.filter((p) => c.pillars[p])
}

/** The spec's name for one character of the chart, e.g. ('day', 'branch') -> 'day_branch'. */
export const charAt = (q: Position, part: 'stem' | 'branch'): PillarPosition => `${q}_${part}`

/** The pillar a character position belongs to ('day_branch' -> 'day'). */
export const pillarOf = (pp: PillarPosition): Position => pp.slice(0, pp.indexOf('_')) as Position
