// TypeScript shapes of the eight policy files; the JSON Schemas in policies/schemas are the
// source of truth and are checked at load, so these only describe what already passed.

export type Element = 'wood' | 'fire' | 'earth' | 'metal' | 'water'
export type YinYang = 'yin' | 'yang'
export type HiddenRole = 'initial' | 'middle' | 'main'
export type Position = 'year' | 'month' | 'day' | 'hour'

interface Versioned {
  version: string
  description?: string
}

export interface SixtyJiaziPolicy extends Versioned {
  stems: { hanja: string; element: Element; yin_yang: YinYang }[]
  branches: { hanja: string; element: Element; yin_yang: YinYang; hidden_stems: { stem: string; role: HiddenRole; days: number }[] }[]
  cycle: string[]
  xun: { first: string; void: [string, string] }[]
  month_branch_by_jie_longitude: Record<string, string>
  month_stem_of_tiger_by_year_stem: Record<string, string>
  hour_stem_of_rat_by_day_stem: Record<string, string>
  anchors: { year: { year: number; pillar: string }; day: { date: string; pillar: string } }
  year_start_longitude: number
  daewoon: {
    days_per_year: number
    rounding: 'nearest' | 'floor'
    min_start_age: number
    count: number
    span_years: number
    forward_when: { gender: 'male' | 'female'; year_stem_yin_yang: YinYang }[]
  }
}

export type TenGodRelation = 'same' | 'day_master_generates' | 'day_master_controls' | 'controls_day_master' | 'generates_day_master'

export interface BranchTenGodsPolicy extends Versioned {
  element_generating_order: Element[]
  ten_gods: { id: string; relation: TenGodRelation; same_polarity: boolean }[]
  ten_god_groups: Record<string, string[]>
  branch_basis: 'main_hidden_stem'
  twelve_stages: { order: string[]; start_by_stem: Record<string, string>; direction_by_yin_yang: Record<YinYang, 1 | -1> }
}

export interface RelationPolicy extends Versioned {
  stem_combinations: { pair: [string, string]; element: Element }[]
  stem_clashes: [string, string][]
  branch_six_combinations: { pair: [string, string]; element: Element }[]
  branch_three_combinations: { branches: string[]; center: string; element: Element }[]
  half_combination_requires_center: boolean
  branch_directional_combinations: { branches: string[]; element: Element }[]
  branch_clashes: [string, string][]
  half_directional_requires_center: boolean
  branch_punishments: { id: string; branches: string[] }[]
  self_punishment_branches: string[]
  branch_destructions: [string, string][]
  branch_harms: [string, string][]
  yuanjin: [string, string][]
  transformation: {
    stems_adjacent_only: boolean
    month_branch_must_support: boolean
    support: string
    blocked_by_clash_on_either_stem: boolean
    six_combination_adjacent_only: boolean
    three_combination_full_transforms: boolean
    half_combinations_transform: boolean
  }
}

export type ShenshaRule =
  | { id: string; kind: 'stem_to_branches'; basis: 'day_stem' | 'year_stem'; table: Record<string, string[]> }
  | { id: string; kind: 'branch_group_to_branch'; basis: ('year_branch' | 'day_branch')[]; table: { group: string[]; target: string }[] }
  | { id: string; kind: 'pillar_in_set'; positions: Position[]; pillars: string[] }

export interface ShenshaPolicy extends Versioned {
  rules: ShenshaRule[]
}

export interface StrengthPolicy extends Versioned {
  position_weights: Record<string, number>
  hidden_stem_weighting: 'days' | 'main_only'
  supporting_relations: TenGodRelation[]
  levels: { id: string; min_share: number }[]
}

export interface GyeokgukPolicy extends Versioned {
  revealed_positions: ('year_stem' | 'month_stem' | 'hour_stem')[]
  role_order: HiddenRole[]
  skip_revealed_ten_gods: string[]
  by_ten_god: Record<string, string>
  geopjae_by_day_master_yin_yang: Record<YinYang, string>
}

export type TenGodGroup = 'bigyeop' | 'siksang' | 'jaeseong' | 'gwanseong' | 'inseong'

export interface YongshinPolicy extends Versioned {
  eokbu: { when_level: string[]; if_dominant: TenGodGroup; yongshin_group: TenGodGroup; heesin_group: TenGodGroup; unfavorable_groups: TenGodGroup[] }[]
  balanced: 'johu_else_weakest_element'
  johu: { month_branches: string[]; element: Element; secondary: Element; unfavorable: Element[] }[]
}

export interface Label {
  ko: string
  hanja?: string
}
export type LabelMap = Record<string, Label>

export interface LocalizationPolicy extends Versioned {
  locale: 'ko-KR'
  stems: LabelMap
  branches: LabelMap
  animals: LabelMap
  elements: LabelMap
  yin_yang: LabelMap
  positions: LabelMap
  hidden_stem_roles: LabelMap
  ten_gods: LabelMap
  ten_god_groups: LabelMap
  twelve_stages: LabelMap
  relations: LabelMap
  punishments: LabelMap
  shensha: LabelMap
  strength_levels: LabelMap
  gyeokguk: LabelMap
  yongshin_roles: LabelMap
  luck: LabelMap
  time: LabelMap
  solar_terms: LabelMap
  void: Label
  combination_transform: Label
  seasons: LabelMap
  transform_reasons: LabelMap
  templates: { headline: string; highlight_ten_gods: string; highlight_interaction: string; highlight_daewoon: string }
}

export interface PolicySet {
  sixtyJiazi: SixtyJiaziPolicy
  branchTenGods: BranchTenGodsPolicy
  relation: RelationPolicy
  shensha: ShenshaPolicy
  strength: StrengthPolicy
  gyeokguk: GyeokgukPolicy
  yongshin: YongshinPolicy
  localization: LocalizationPolicy
}

/** Policy file names as the seed names them, keyed like PolicySet. */
export const POLICY_FILES: Record<keyof PolicySet, string> = {
  sixtyJiazi: 'sixty_jiazi.json',
  branchTenGods: 'branch_tengods_policy.json',
  relation: 'relation_policy.json',
  shensha: 'shensha_v2_policy.json',
  strength: 'strength_policy_v2.json',
  gyeokguk: 'gyeokguk_policy.json',
  yongshin: 'yongshin_policy.json',
  localization: 'localization_ko_v1.json',
}
