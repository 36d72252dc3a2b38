// Index arithmetic on the stems, branches and the sixty-cycle, read from sixty_jiazi.json.
import type { Element, SixtyJiaziPolicy, YinYang } from '../policy/types.js'

export interface Cycle {
  stems: string[]
  branches: string[]
  stemIndex(stem: string): number
  branchIndex(branch: string): number
  /** Pillar at position i (mod 60) of the cycle, e.g. 0 -> 甲子. */
  at(i: number): { stem: string; branch: string }
  indexOf(stem: string, branch: string): number
  stemElement(stem: string): Element
  branchElement(branch: string): Element
  stemYinYang(stem: string): YinYang
  policy: SixtyJiaziPolicy
}

export const mod = (n: number, m: number): number => ((n % m) + m) % m

const caches = new WeakMap<SixtyJiaziPolicy, Cycle>()

export function cycleOf(policy: SixtyJiaziPolicy): Cycle {
  const hit = caches.get(policy)
  if (hit) return hit
  const stems = policy.stems.map((s) => s.hanja)
  const branches = policy.branches.map((b) => b.hanja)
  const cycleIndex = new Map(policy.cycle.map((p, i) => [p, i]))
  const c: Cycle = {
    stems,
    branches,
    policy,
    stemIndex: (s) => stems.indexOf(s),
    branchIndex: (b) => branches.indexOf(b),
    at: (i) => {
      const p = policy.cycle[mod(i, 60)]
      return { stem: p[0], branch: p[1] }
    },
    indexOf: (s, b) => cycleIndex.get(s + b) ?? -1,
    stemElement: (s) => policy.stems[stems.indexOf(s)].element,
    branchElement: (b) => policy.branches[branches.indexOf(b)].element,
    stemYinYang: (s) => policy.stems[stems.indexOf(s)].yin_yang,
  }
  caches.set(policy, c)
  return c
}
