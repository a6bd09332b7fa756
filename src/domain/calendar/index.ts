/**
 * Public surface of the calendar and legal-clock domain: pure functions, no I/O. Other modules
 * import only this file.
 */
export {
  CalendarError,
  type CalendarErrorCode,
  ClockError,
  type ClockErrorCode,
  calendarErrorCodes,
  clockErrorCodes,
} from './calendar.errors.js';
export {
  type CalendarSpec,
  type CalendarYearStatus,
  type CalendarYearTable,
  DEFAULT_TIMEZONE,
  DEFAULT_WEEKEND,
  DEFAULT_WORKING_HOURS,
  parseCalendarSpec,
  type WallTime,
} from './calendar.types.js';
export {
  createDefaultCalendar,
  defaultCalendarForYear,
  officialYears,
} from './default-calendar.js';
export {
  type Holiday,
  type ProvisionalYearOptions,
  provisionalYearTable,
  statutoryHolidays,
} from './holidays.js';
export {
  formatInstant,
  formatInstantToSecond,
  isValidIsoDate,
  parseLocalOrInstant,
  toEpochMs,
  zoneOffsetMs,
} from './instant.js';
export {
  CLOCK_UNITS,
  type ClassifyOptions,
  type ClockClass,
  type ClockExtension,
  type ClockLedger,
  type ClockPause,
  type ClockUnit,
  classify,
  classifyAgainstLegalLimit,
  consumedMinutes,
  dueAt,
  dueAtIfResumed,
  extendClock,
  type Instant,
  originalDueAt,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  timeLeft,
} from './legal-clock.js';
export { OFFICIAL_YEARS } from './official-years.js';
export {
  type CalendarYearSource,
  type CalendarYears,
  createCalendar,
  type DayRules,
  type WorkingCalendar,
} from './working-calendar.js';
export {
  addWorkingDays,
  addWorkingHours,
  addWorkingTime,
  countWorkingDays,
  endOfWorkingHours,
  isWithinWorkingHours,
  isWorkingDay,
  localDate,
  nextWorkingPeriodStart,
  workingDayAfter,
  workingInstantAtOrAfter,
  workingMinutesBetween,
  workingMsBetween,
} from './working-time.js';
