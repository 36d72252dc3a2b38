// Shensha (신살): interprets the rule kinds of shensha_v2_policy.json against the chart; one entry
// per 신살 with every character position it lands on (a 신살 found from both 年支 and 日支 is one entry).
import type { PolicySet, Position, ShenshaRule } from '../policy/types.js'
import type { PillarPosition } from '../spec-types.js'
import type { Chart } from './chart.js'
import { charAt, presentPositions } from './chart.js'

export interface ShenshaHit {
  code: string
  positions: PillarPosition[]
  bases: string[]
  found: string[]
}

export function findShensha(chart: Chart, p: PolicySet): ShenshaHit[] {
  const pos = presentPositions(chart)
  const hits: ShenshaHit[] = []
  for (const rule of p.shensha.rules) {
    const found = apply(rule, chart, pos)
    if (!found.length) continue
    const positions = [...new Set(found.flatMap((f) => f.positions))]
    hits.push({ code: rule.id, positions, bases: found.map((f) => f.basis), found: [...new Set(found.flatMap((f) => f.found))] })
  }
  return hits
}

function apply(rule: ShenshaRule, chart: Chart, pos: Position[]): { positions: PillarPosition[]; basis: string; found: string[] }[] {
  const at = (q: Position) => chart.pillars[q]!
  if (rule.kind === 'stem_to_branches') {
    const key = rule.basis === 'day_stem' ? at('day').stem : at('year').stem
    const targets = rule.table[key] ?? []
    const where = pos.filter((q) => targets.includes(at(q).branch))
    return where.length ? [{ positions: where.map((q) => charAt(q, 'branch')), basis: `${rule.basis}:${key}`, found: where.map((q) => at(q).branch) }] : []
  }
  if (rule.kind === 'branch_group_to_branch') {
    const out: { positions: PillarPosition[]; basis: string; found: string[] }[] = []
    for (const basis of rule.basis) {
      const from: Position = basis === 'year_branch' ? 'year' : 'day'
      const key = at(from).branch
      const row = rule.table.find((r) => r.group.includes(key))
      const where = row ? pos.filter((q) => q !== from && at(q).branch === row.target) : []
      if (where.length) out.push({ positions: where.map((q) => charAt(q, 'branch')), basis: `${basis}:${key}`, found: where.map((q) => at(q).branch) })
    }
    return out
  }
  const where = rule.positions.filter((q) => pos.includes(q) && rule.pillars.includes(at(q).stem + at(q).branch))
  return where.length
    ? [{ positions: where.flatMap((q) => [charAt(q, 'stem'), charAt(q, 'branch')]), basis: 'pillar', found: where.map((q) => at(q).stem + at(q).branch) }]
    : []
}
