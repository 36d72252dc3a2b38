// Evidence: every conclusion names the rule that fired, its policy and version, and its inputs.
export interface Evidence {
  rule_id: string
  policy: string
  policy_version: string
  inputs: Record<string, unknown>
  conclusion: unknown
}

export class EvidenceLog {
  readonly items: Evidence[] = []
  add(policy: { file: string; version: string }, rule_id: string, inputs: Record<string, unknown>, conclusion: unknown): void {
    this.items.push({ rule_id, policy: policy.file, policy_version: policy.version, inputs, conclusion })
  }
}
