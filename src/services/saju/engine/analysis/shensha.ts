// Shensha (신살): interprets the rule kinds of shensha_v2_policy.json against the chart.
import type { PolicySet, Position, ShenshaRule } from '../policy/types.js'
import type { Chart } from './chart.js'
import { presentPositions } from './chart.js'

export interface ShenshaHit { id: string; positions: Position[]; basis: string; found: string[] }

export function findShensha(chart: Chart, p: PolicySet): ShenshaHit[] {
  const pos = presentPositions(chart)
  const hits: ShenshaHit[] = []
  for (const rule of p.shensha.rules) hits.push(...apply(rule, chart, pos))
  return hits
}

function apply(rule: ShenshaRule, chart: Chart, pos: Position[]): ShenshaHit[] {
  const at = (q: Position) => chart.pillars[q]!
  if (rule.kind === 'stem_to_branches') {
    const key = rule.basis === 'day_stem' ? at('day').stem : at('year').stem
    const targets = rule.table[key] ?? []
    const where = pos.filter((q) => targets.includes(at(q).branch))
    return where.length ? [{ id: rule.id, positions: where, basis: `${rule.basis}:${key}`, found: where.map((q) => at(q).branch) }] : []
  }
  if (rule.kind === 'branch_group_to_branch') {
    const out: ShenshaHit[] = []
    for (const basis of rule.basis) {
      const from: Position = basis === 'year_branch' ? 'year' : 'day'
      const key = at(from).branch
      const row = rule.table.find((r) => r.group.includes(key))
      const where = row ? pos.filter((q) => q !== from && at(q).branch === row.target) : []
      if (where.length) out.push({ id: rule.id, positions: where, basis: `${basis}:${key}`, found: where.map((q) => at(q).branch) })
    }
    return out
  }
  const where = rule.positions.filter((q) => pos.includes(q) && rule.pillars.includes(at(q).stem + at(q).branch))
  return where.length ? [{ id: rule.id, positions: where, basis: 'pillar', found: where.map((q) => at(q).stem + at(q).branch) }] : []
}
