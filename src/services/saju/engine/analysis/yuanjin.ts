// YuanjinDetector (원진): the six resentment pairs. Kept apart from 해(害) on purpose: the two
// share 子未 and 丑午 but differ elsewhere, and copies often confuse them.
import type { PolicySet } from '../policy/types.js'

export class YuanjinDetector {
  constructor(private readonly p: PolicySet) {}

  isYuanjin(a: string, b: string): boolean {
    return this.p.relation.yuanjin.some(([x, y]) => (x === a && y === b) || (x === b && y === a))
  }
}
