import { CalendarError } from './calendar.errors.js';
import { dayToIsoDate, isoDateToDay, localDayOf, MS_PER_MINUTE } from './instant.js';
import type { WorkingCalendar } from './working-calendar.js';

/**
 * Working-time arithmetic on a {@link WorkingCalendar}. Instants are epoch milliseconds; local
 * days are YYYY-MM-DD strings in the calendar's zone. Working periods are half-open [start, end)
 * for consumption, but an instant exactly at a period's end still counts as "within working
 * hours": a due date at 17:00 is on time.
 */

/** Longest run of days without working time tolerated before a calendar is judged broken. */
const MAX_IDLE_DAYS = 3660;

function idle(): never {
  throw new CalendarError(
    'calendar_no_working_time',
    `no working time within ${MAX_IDLE_DAYS} days: the calendar has no working days`,
  );
}

/** Epoch day of the n-th working day strictly after `day` (n ≥ 1); `day` itself if n = 0. */
export function nthWorkingDayAfter(cal: WorkingCalendar, day: number, n: number): number {
  let d = day;
  let left = n;
  let gap = 0;
  while (left > 0) {
    d += 1;
    if (cal.rules(d).working) {
      left -= 1;
      gap = 0;
    } else if (++gap > MAX_IDLE_DAYS) idle();
  }
  return d;
}

/** Epoch day of the first working day at or after `day`. */
export function workingDayAtOrAfter(cal: WorkingCalendar, day: number): number {
  return cal.rules(day).working ? day : nthWorkingDayAfter(cal, day, 1);
}

/**
 * Whether `date` (YYYY-MM-DD) is a working day: an extra working day, or neither a weekly day
 * off nor a listed day off (Labour Code 2019 art. 111–112 and the annual notice; DOMAIN §5).
 *
 * @throws CalendarError `calendar_bad_date`, `calendar_year_missing`.
 */
export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  return cal.rules(isoDateToDay(date)).working;
}

/** The n-th working day strictly after `date` (YYYY-MM-DD), as YYYY-MM-DD. */
export function workingDayAfter(cal: WorkingCalendar, date: string, n = 1): string {
  return dayToIsoDate(nthWorkingDayAfter(cal, isoDateToDay(date), n));
}

/** Instant working hours end on `date` (the end of its last working period), epoch ms. */
export function endOfWorkingHours(cal: WorkingCalendar, date: string): number {
  return endOfWorkingHoursOnDay(cal, isoDateToDay(date));
}

/** {@link endOfWorkingHours} for an epoch day (DOMAIN §5: due at the end of working hours). */
export function endOfWorkingHoursOnDay(cal: WorkingCalendar, day: number): number {
  const last = cal.rules(day).periods.at(-1);
  if (!last) throw new CalendarError('calendar_invalid', 'workingHours: no working period');
  return last[1];
}

/** Local day (YYYY-MM-DD) of an instant in the calendar's zone. */
export function localDate(cal: WorkingCalendar, at: number): string {
  return dayToIsoDate(localDayOf(cal.timezone, at));
}

/**
 * The instant the clock starts for something received at `at`: `at` itself inside a working
 * period, else the start of the next working period (DOMAIN §5: received outside working hours
 * counts as received at the start of the next working period).
 */
export function workingInstantAtOrAfter(cal: WorkingCalendar, at: number): number {
  let day = localDayOf(cal.timezone, at);
  for (let gap = 0; gap <= MAX_IDLE_DAYS; gap++, day++) {
    const rules = cal.rules(day);
    if (!rules.working) continue;
    for (const [start, end] of rules.periods) {
      if (at < end) return Math.max(start, at);
    }
  }
  return idle();
}

/** Start of the first working period that begins at or after `at`. */
export function nextWorkingPeriodStart(cal: WorkingCalendar, at: number): number {
  let day = localDayOf(cal.timezone, at);
  for (let gap = 0; gap <= MAX_IDLE_DAYS; gap++, day++) {
    const rules = cal.rules(day);
    if (!rules.working) continue;
    for (const [start] of rules.periods) {
      if (start >= at) return start;
    }
  }
  return idle();
}

/** Whether `at` lies in a working period of a working day, its end included. */
export function isWithinWorkingHours(cal: WorkingCalendar, at: number): boolean {
  const rules = cal.rules(localDayOf(cal.timezone, at));
  return rules.working && rules.periods.some(([start, end]) => at >= start && at <= end);
}

/**
 * The instant at which `ms` milliseconds of working time have passed after `at`. Zero returns
 * `at` unchanged; an amount that ends exactly at a period's end returns that end (17:00), not
 * the next period's start. Used for hour-based limits and for pushing a due date by a pause.
 *
 * @throws CalendarError `calendar_year_missing`, `calendar_no_working_time`.
 */
export function addWorkingTime(cal: WorkingCalendar, at: number, ms: number): number {
  if (!(ms > 0)) return at;
  let left = ms;
  let day = localDayOf(cal.timezone, at);
  for (let gap = 0; gap <= MAX_IDLE_DAYS; day++) {
    const rules = cal.rules(day);
    gap = rules.working ? 0 : gap + 1;
    if (!rules.working) continue;
    for (const [start, end] of rules.periods) {
      if (end <= at) continue;
      const from = Math.max(start, at);
      if (left <= end - from) return from + left;
      left -= end - from;
    }
  }
  return idle();
}

/**
 * Adds working hours (fractional allowed: 1.5 = 1 h 30 min) to `at`, rounded to the millisecond
 * (DOMAIN §5: hour-based limits count working hours).
 */
export function addWorkingHours(cal: WorkingCalendar, at: number, hours: number): number {
  return addWorkingTime(cal, at, Math.round(hours * 60 * MS_PER_MINUTE));
}

/**
 * Due instant of a limit of `days` working days for something received at `receivedAt`: the
 * count starts on the first working day after the (effective) day of reception and the result is
 * due at the end of working hours on the `days`-th such day; `days` = 0 is due at the end of the
 * reception day (same-day procedures). DOMAIN §5 default counting rule.
 */
export function addWorkingDays(cal: WorkingCalendar, receivedAt: number, days: number): number {
  const start = workingInstantAtOrAfter(cal, receivedAt);
  const receptionDay = localDayOf(cal.timezone, start);
  return endOfWorkingHoursOnDay(cal, nthWorkingDayAfter(cal, receptionDay, days));
}

/** Number of working days d with `from` ≤ d ≤ `to` (YYYY-MM-DD); 0 when `to` is before `from`. */
export function countWorkingDays(cal: WorkingCalendar, from: string, to: string): number {
  const first = isoDateToDay(from);
  const last = isoDateToDay(to);
  let count = 0;
  for (let d = first; d <= last; d++) if (cal.rules(d).working) count++;
  return count;
}

/** Working time between two instants in milliseconds (0 when `b` ≤ `a`). */
export function workingMsBetween(cal: WorkingCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  let total = 0;
  const lastDay = localDayOf(cal.timezone, b);
  for (let day = localDayOf(cal.timezone, a); day <= lastDay; day++) {
    const rules = cal.rules(day);
    if (!rules.working) continue;
    for (const [start, end] of rules.periods) {
      const overlap = Math.min(end, b) - Math.max(start, a);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** Working minutes between two instants (fractional), e.g. time consumed on a dossier. */
export function workingMinutesBetween(cal: WorkingCalendar, a: number, b: number): number {
  return workingMsBetween(cal, a, b) / MS_PER_MINUTE;
}
