// TwelveStageCalculator (십이운성): a stem's stage at a branch. Yang stems advance from their
// 장생 branch, yin stems go backward (음양 순역), as branch_tengods_policy.json states.
import type { PolicySet } from '../policy/types.js'
import { cycleOf, mod } from '../pillars/cycle.js'

export class TwelveStageCalculator {
  constructor(private readonly p: PolicySet) {}

  stage(stem: string, branch: string): string {
    const c = cycleOf(this.p.sixtyJiazi)
    const ts = this.p.branchTenGods.twelve_stages
    const dir = ts.direction_by_yin_yang[c.stemYinYang(stem)]
    const steps = mod((c.branchIndex(branch) - c.branchIndex(ts.start_by_stem[stem])) * dir, 12)
    return ts.order[steps]
  }
}
