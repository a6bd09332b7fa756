/** Public information (DOMAIN §1, §9): hotlines and citizen-reception schedules. Pure rules. */
export { buildIcs, escapeIcsText, foldIcsLine, type IcsEvent } from './ics.js';
export {
  type PeriodProblem,
  periodName,
  periodSlug,
  QUARTERS,
  type Quarter,
  quarterOf,
  type ReportPeriod,
  readReportPeriod,
  reportPeriod,
  STATS_FIRST_YEAR,
  STATS_LAST_YEAR,
} from './period.js';
export { formatPhone, isEmail, type Phone, type PhoneKind, parsePhone, telUri } from './phone.js';
export {
  decideReception,
  decideSessionChange,
  isIsoDate,
  isTimeRange,
  isWallTime,
  RECEPTION_ACTIONS,
  RECEPTION_STATES,
  type ReceptionAction,
  type ReceptionDecision,
  type ReceptionState,
} from './reception.js';
export {
  datesForRule,
  formatReceptionRule,
  type ParsedRule,
  parseReceptionRule,
  type ReceptionRule,
  type RuleDates,
  type RuleProblem,
  type SkippedDate,
} from './recurrence.js';
export {
  emptyCounts,
  type ReceptionCounts,
  type ReceptionStats,
  type ReceptionTally,
  type StatsUnit,
  subtreeIds,
  summariseReception,
  yearRange,
} from './stats.js';
