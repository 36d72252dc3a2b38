// VoidCalculator (공망): the two branches a pillar's 旬 (ten-day week of the cycle) leaves out.
import type { PolicySet } from '../policy/types.js'
import { cycleOf } from '../pillars/cycle.js'

export class VoidCalculator {
  constructor(private readonly p: PolicySet) {}

  /** Void branches of the 旬 containing `stem`+`branch`. */
  voidOf(stem: string, branch: string): { xun: string; void: [string, string] } {
    const c = cycleOf(this.p.sixtyJiazi)
    const x = this.p.sixtyJiazi.xun[Math.floor(c.indexOf(stem, branch) / 10)]
    return { xun: x.first, void: x.void }
  }
}
