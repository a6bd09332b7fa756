/**
 * Governance registers (DOMAIN §10): reform initiatives, inspections and their
 * recommendations, remediation plans. Pure rules, no I/O.
 */
export {
  type DeadlineCounts,
  doneOnTimeRate,
  initiativesFiledRate,
} from './annual-metrics.js';
export {
  inspectedUnitChangeable,
  inspectionCorrectable,
  planCorrectable,
  recommendationCorrectable,
  restoredWithParent,
  restoreRefusal,
  taskCorrectable,
  WITHDRAWAL_REASON_MAX,
  withdrawalReason,
} from './corrections.js';
export { daysOverdue, defaultPlanDueOn, isOverdue, latestPercent } from './deadlines.js';
export {
  type HeadcountFigures,
  type HeadcountStatus,
  headcountStatus,
  sumHeadcount,
} from './headcount.js';
export {
  CONCLUSION_KINDS,
  type ConclusionKind,
  type ConclusionRecord,
  conclusionProblems,
  INITIATIVE_ACTIONS,
  INITIATIVE_STATES,
  INSPECTION_ACTIONS,
  INSPECTION_KINDS,
  INSPECTION_STATES,
  type InitiativeAction,
  type InitiativeState,
  type InspectionAction,
  type InspectionKind,
  type InspectionState,
  initiativeEditable,
  isIsoDate,
  nextInitiativeState,
  nextInspectionState,
  RECOMMENDATION_STATES,
  type RecommendationState,
  TASK_STATUSES,
  type TaskStatus,
  taskStatusChangeAllowed,
} from './machines.js';
export {
  DEFAULT_FILING_UNIT_KINDS,
  existedIn,
  type FilingUnit,
  unitsWithoutInitiative,
} from './missing.js';
