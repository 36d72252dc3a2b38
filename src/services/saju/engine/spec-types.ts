// The contract's own shapes, generated from spec/saju.openapi.yaml: the engine's requests and
// results are typed by them, so a field the spec does not have (or lacks) fails to compile, not
// only to validate.
import type {
  ReportSajuRequest,
  LuckAnnualRequest,
  LuckMonthlyRequest,
  ReportSajuResponseSummary,
  LuckAnnual,
  LuckMonthly,
} from '../../../../generated/saju/sdk/types.gen.js'

export type {
  BirthInputEcho,
  Pillar,
  TimeResolution,
  TimeNote,
  Analysis,
  EvidenceItem,
  Relation as SpecRelation,
  Shensha as SpecShensha,
  CombinationTransform as SpecCombinationTransform,
  LuckInteraction,
  LuckYear,
  PillarPosition,
  TenGod,
  TwelveStage,
  Element as SpecElement,
  NatalSummary,
} from '../../../../generated/saju/sdk/types.gen.js'

/** A report request (ReportSajuRequest): the birth fields, gender required. */
export type SajuRequest = ReportSajuRequest
/** The birth fields every request shares; gender optional (the luck requests). */
export type BirthRequest = Omit<ReportSajuRequest, 'gender'> & { gender?: ReportSajuRequest['gender'] }
export type AnnualLuckRequest = LuckAnnualRequest
export type MonthlyLuckRequest = LuckMonthlyRequest

/** The report as the engine returns it: the HTTP layer adds `signatures` (and entitlements, ads). */
export type SajuReport = Omit<ReportSajuResponseSummary, 'signatures' | 'entitlements' | 'ads_suggest'>
export type AnnualLuckReport = Omit<LuckAnnual, 'signatures'>
export type MonthlyLuckReport = Omit<LuckMonthly, 'signatures'>
