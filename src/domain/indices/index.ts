export { bandFor, DEFAULT_BANDS, type GradeBand } from './bands.js';
export {
  type ChannelMix,
  channelMix,
  feedbackSatisfactionCounts,
  onTimeCountsFromClasses,
  satisfactionWithDossiersCounts,
  type TimelinessClass,
} from './counts.js';
export { INDICES_ERROR_CODES, IndicesError, type IndicesErrorCode } from './errors.js';
export { describeRankChange, explainChange, type ScoreChange } from './explain.js';
export { formatNumber, formatPercent, type Lang, type LocalizedText } from './format.js';
export {
  DEFAULT_SERVICE_INDEX_FRAMEWORK,
  DEFAULT_THRESHOLD,
  type FormulaId,
  type FrameworkIssue,
  listIndicators,
  parseFramework,
  SERVICE_INDEX_FORMULA_IDS,
  type ServiceIndexFramework,
  type ServiceIndicator,
  type ServiceIndicatorGroup,
  validateFramework,
} from './framework.js';
export {
  overlapsPeriod,
  type Period,
  type PeriodInput,
  type PeriodKind,
  parsePeriod,
  periodDays,
  previousPeriod,
} from './periods.js';
export {
  compareWithPrevious,
  DEFAULT_MIN_SAMPLE,
  type PeriodComparison,
  type Ranked,
  type RankInput,
  rankUnits,
  type UnrankedReason,
} from './ranking.js';
export { round2, roundHalfAwayFromZero } from './rounding.js';
export {
  assertCounts,
  type GroupResult,
  type IndicatorCounts,
  type IndicatorResult,
  type IndicatorRule,
  type IndicatorScore,
  type IndicatorStatus,
  NA_RESCALING_NOTE,
  scoreIndicator,
  scoreUnit,
  type UnitScore,
} from './scoring.js';
