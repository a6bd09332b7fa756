export {
  type AdvanceRefusal,
  CYCLE_STATES,
  type CycleState,
  checkAdvance,
  isPastDeadline,
  nextCycleState,
  resultsPublished,
} from './cycle.js';
export { DEFAULT_ANNUAL_FRAMEWORK } from './default-framework.js';
export {
  type AnnualFramework,
  AUTOMATIC_METRICS,
  type AutomaticMetric,
  type AutomaticScoring,
  type BandThreshold,
  type Criterion,
  DEFAULT_ANNUAL_BANDS,
  type Field,
  type FrameworkParse,
  type FrameworkProblem,
  flattenSubcriteria,
  frameworkMax,
  isRegisterMetric,
  parseAnnualFramework,
  REGISTER_METRICS,
  type RegisterMetric,
  SCORING_METHODS,
  type ScoringMethod,
  type SubCriterion,
} from './framework.js';
export {
  creditPredecessorItems,
  edgesEffectiveIn,
  type LineageLink,
  type RegisterItemCounts,
} from './register-credit.js';
export {
  bandOf,
  carryThroughLineage,
  computeAnnualResults,
  describePlaces,
  explainAnnualChange,
  type FieldResult,
  type PreviousResult,
  rankWithTies,
  type SubcriterionChange,
  type UnitPoints,
  type UnitResult,
} from './results.js';
export { effectivePoints, isValidPoints, type ScoreEntry, scoreAutomatic } from './scoring.js';
export {
  SURVEY_COLUMNS,
  type SurveyProblem,
  type SurveyRow,
  validateSurveyRows,
} from './survey.js';
