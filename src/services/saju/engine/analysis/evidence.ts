// Evidence: every conclusion names the rule that fired (a dotted id), its policy file and version,
// the inputs it looked at, and what it concluded (spec EvidenceItem).
import type { EvidenceItem } from '../spec-types.js'
import type { PolicySet } from '../policy/types.js'
import { POLICY_FILES } from '../policy/types.js'

export class EvidenceLog {
  readonly items: EvidenceItem[] = []
  constructor(private readonly p: PolicySet) {}

  add(policy: keyof PolicySet, rule_id: string, inputs: Record<string, unknown>, conclusion: string): void {
    this.items.push({ rule_id, policy: POLICY_FILES[policy] as EvidenceItem['policy'], policy_version: this.p[policy].version, inputs, conclusion })
  }
}
