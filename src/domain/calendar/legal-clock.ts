import { CalendarError, ClockError } from './calendar.errors.js';
import { formatInstant, localDayOf, MS_PER_MINUTE, toEpochMs } from './instant.js';
import type { WorkingCalendar } from './working-calendar.js';
import {
  addWorkingTime,
  endOfWorkingHoursOnDay,
  nthWorkingDayAfter,
  workingDayAtOrAfter,
  workingInstantAtOrAfter,
  workingMsBetween,
} from './working-time.js';

/**
 * The legal clock of a dossier as a BUDGET and a LEDGER (DOMAIN §5): the ledger records facts
 * (reception, pauses, the one extension, the stop) and the due date, time left and the
 * statistical class are derived from it and the calendar, never stored. Publishing an official
 * year table after a provisional one therefore moves derived due dates without a migration.
 *
 * Instants in the ledger are ISO 8601 strings that carry their offset; a `Date` given to an
 * operation is stored as `toISOString()` (UTC). Derived instants are returned in the calendar's
 * zone, e.g. `2025-02-07T17:00:00+07:00`.
 */

/** How the budget is counted (DOMAIN §3 time unit, §5 counting rule). */
export type ClockUnit = 'working_days' | 'working_hours' | 'same_day' | 'calendar_days';

export const CLOCK_UNITS: readonly ClockUnit[] = [
  'working_days',
  'working_hours',
  'same_day',
  'calendar_days',
];

/** A suspension of the clock; `to` is null while it is still open. */
export interface ClockPause {
  from: string;
  to: string | null;
  reason: string;
}

/** The one extension allowed (Decree 118/2025, Form 04): the new due date, why, and when. */
export interface ClockExtension {
  dueAt: string;
  reason: string;
  at: string;
}

/** The serialisable ledger of a legal clock (plain JSON). */
export interface ClockLedger {
  unit: ClockUnit;
  /** Working days, working hours (fractional allowed) or calendar days; 0 for `same_day`. */
  budget: number;
  /** The instant of reception as recorded; the counting start is derived from it. */
  startedAt: string;
  pauses: ClockPause[];
  /** Supplement requests made; more than one makes the dossier late (DOMAIN §5). */
  supplementRequests: number;
  extension: ClockExtension | null;
  /** When the dossier was finished (result ready, returned, stopped, refused or withdrawn). */
  stoppedAt: string | null;
}

/** An instant as an ISO 8601 string with offset, or a Date. */
export type Instant = string | Date;

/** Statistical class of a dossier (Decision 766/QĐ-TTg, indicator 2.1; DOMAIN §5). */
export type ClockClass =
  | 'early'
  | 'on_time'
  | 'late'
  | 'in_progress_on_time'
  | 'in_progress_overdue';

function ms(value: Instant, field: string): number {
  try {
    return toEpochMs(value);
  } catch (error) {
    if (error instanceof CalendarError) {
      throw new ClockError('clock_invalid_input', `${field}: ${error.message}`, { field });
    }
    throw error;
  }
}

function stored(value: Instant, field: string): string {
  ms(value, field);
  return value instanceof Date ? value.toISOString() : value;
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ClockError('clock_invalid_input', `${field}: a non-empty text is required`, {
      field,
    });
  }
  return value;
}

function openPause(ledger: ClockLedger): ClockPause | undefined {
  const last = ledger.pauses.at(-1);
  return last && last.to === null ? last : undefined;
}

function assertRunning(ledger: ClockLedger): void {
  if (ledger.stoppedAt !== null) {
    throw new ClockError('clock_stopped', `the clock was stopped at ${ledger.stoppedAt}`);
  }
}

/** The latest instant already recorded, so that facts can only be appended in order. */
function lastFact(ledger: ClockLedger): number {
  let latest = ms(ledger.startedAt, 'startedAt');
  for (const p of ledger.pauses) latest = Math.max(latest, ms(p.to ?? p.from, 'pauses'));
  if (ledger.extension) latest = Math.max(latest, ms(ledger.extension.at, 'extension.at'));
  return latest;
}

function assertNotBefore(at: number, ledger: ClockLedger, field: string): void {
  if (at < lastFact(ledger)) {
    throw new ClockError('clock_invalid_input', `${field}: earlier than the last recorded event`, {
      field,
    });
  }
}

/**
 * Starts a clock for a dossier received at `receivedAt` with a legal or promised limit.
 * `working_days` and `calendar_days` budgets are whole numbers ≥ 1, `working_hours` any positive
 * number (1.5 = 1 h 30 min); `same_day` ignores the budget and stores 0.
 *
 * @throws ClockError `clock_invalid_input` for an unknown unit, a bad budget or instant.
 */
export function startClock(input: {
  receivedAt: Instant;
  unit: ClockUnit;
  budget: number;
}): ClockLedger {
  const { unit, budget } = input;
  if (!CLOCK_UNITS.includes(unit)) {
    throw new ClockError('clock_invalid_input', `unit: unknown unit ${String(unit)}`, {
      field: 'unit',
    });
  }
  const whole = unit === 'working_days' || unit === 'calendar_days';
  const valid =
    unit === 'same_day' ||
    (typeof budget === 'number' &&
      Number.isFinite(budget) &&
      budget > 0 &&
      (!whole || Number.isInteger(budget)));
  if (!valid) {
    throw new ClockError(
      'clock_invalid_input',
      `budget: ${String(budget)} is not a valid ${unit} budget`,
      { field: 'budget' },
    );
  }
  return {
    unit,
    budget: unit === 'same_day' ? 0 : budget,
    startedAt: stored(input.receivedAt, 'receivedAt'),
    pauses: [],
    supplementRequests: 0,
    extension: null,
    stoppedAt: null,
  };
}

/**
 * Pauses the clock because a supplement was requested (Decree 118/2025 step 4: the clock stops
 * while the applicant supplements) and counts the request.
 *
 * @throws ClockError `clock_stopped`, `clock_already_paused`, `clock_invalid_input` (blank
 * reason, or `at` earlier than the last recorded event).
 */
export function pauseClock(
  ledger: ClockLedger,
  input: { at: Instant; reason: string },
): ClockLedger {
  assertRunning(ledger);
  if (openPause(ledger)) {
    throw new ClockError('clock_already_paused', 'the clock is already paused');
  }
  const reason = requireText(input.reason, 'reason');
  assertNotBefore(ms(input.at, 'at'), ledger, 'at');
  return {
    ...ledger,
    pauses: [...ledger.pauses, { from: stored(input.at, 'at'), to: null, reason }],
    supplementRequests: ledger.supplementRequests + 1,
  };
}

/**
 * Resumes a paused clock when the supplement is received.
 *
 * @throws ClockError `clock_stopped`, `clock_not_paused`, `clock_invalid_input` (`at` before
 * the pause began).
 */
export function resumeClock(ledger: ClockLedger, input: { at: Instant }): ClockLedger {
  assertRunning(ledger);
  const open = openPause(ledger);
  if (!open) throw new ClockError('clock_not_paused', 'the clock is not paused');
  const at = ms(input.at, 'at');
  if (at < ms(open.from, 'pauses.from')) {
    throw new ClockError('clock_invalid_input', 'at: earlier than the start of the pause', {
      field: 'at',
    });
  }
  return {
    ...ledger,
    pauses: [...ledger.pauses.slice(0, -1), { ...open, to: stored(input.at, 'at') }],
  };
}

/**
 * Extends the due date once, with a reason (Decree 118/2025, Form 04: apology and extension; the
 * new date may be set only once). Statistics still judge the dossier by its original due date.
 * Pauses begun after the extension push the extended due date too.
 *
 * @throws ClockError `clock_stopped`, `clock_already_extended`, `clock_paused` (the current due
 * date is unknown while paused), `clock_extension_not_later`, `clock_invalid_input`.
 */
export function extendClock(
  ledger: ClockLedger,
  input: { dueAt: Instant; reason: string; at: Instant },
  cal: WorkingCalendar,
): ClockLedger {
  assertRunning(ledger);
  if (ledger.extension) {
    throw new ClockError('clock_already_extended', 'the due date was already extended once');
  }
  if (openPause(ledger)) {
    throw new ClockError('clock_paused', 'cannot extend while paused: the due date is unknown');
  }
  const reason = requireText(input.reason, 'reason');
  assertNotBefore(ms(input.at, 'at'), ledger, 'at');
  const current = currentDueMs(ledger, cal, null);
  const next = ms(input.dueAt, 'dueAt');
  if (current === null || next <= current) {
    throw new ClockError(
      'clock_extension_not_later',
      `dueAt: must be later than the current due date ${formatInstant(cal.timezone, current ?? next)}`,
      { field: 'dueAt' },
    );
  }
  return {
    ...ledger,
    extension: { dueAt: stored(input.dueAt, 'dueAt'), reason, at: stored(input.at, 'at') },
  };
}

/**
 * Stops the clock when the dossier is finished (result ready or returned, stopped, refused or
 * withdrawn; Decision 766 indicator 2.1). An open pause is closed at the same instant.
 *
 * @throws ClockError `clock_stopped`, `clock_invalid_input`.
 */
export function stopClock(ledger: ClockLedger, input: { at: Instant }): ClockLedger {
  assertRunning(ledger);
  const at = ms(input.at, 'at');
  assertNotBefore(at, ledger, 'at');
  const stoppedAt = stored(input.at, 'at');
  const open = openPause(ledger);
  return {
    ...ledger,
    pauses: open ? [...ledger.pauses.slice(0, -1), { ...open, to: stoppedAt }] : ledger.pauses,
    stoppedAt,
  };
}

/** Counting start: reception, or the next working period when received outside it. */
function effectiveStartMs(ledger: ClockLedger, cal: WorkingCalendar): number {
  return workingInstantAtOrAfter(cal, ms(ledger.startedAt, 'startedAt'));
}

/** Due instant of the budget alone, with no pause (DOMAIN §5 default counting rule). */
function baseDueMs(ledger: ClockLedger, cal: WorkingCalendar): number {
  const start = effectiveStartMs(ledger, cal);
  const receptionDay = localDayOf(cal.timezone, start);
  switch (ledger.unit) {
    case 'same_day':
      return endOfWorkingHoursOnDay(cal, receptionDay);
    case 'working_days':
      return endOfWorkingHoursOnDay(cal, nthWorkingDayAfter(cal, receptionDay, ledger.budget));
    case 'working_hours':
      return addWorkingTime(cal, start, Math.round(ledger.budget * 60 * MS_PER_MINUTE));
    case 'calendar_days':
      // Civil Code 2015 art. 147–148: the first day is not counted, and a period whose last day
      // is a day off ends at the end of the next working day.
      return endOfWorkingHoursOnDay(
        cal,
        workingDayAtOrAfter(cal, receptionDay + Math.round(ledger.budget)),
      );
    default: {
      const unknown: never = ledger.unit;
      throw new ClockError('clock_invalid_input', `unit: unknown unit ${String(unknown)}`);
    }
  }
}

/**
 * Pushes `base` by the working time of each pause that began before the (pushed) due date and
 * at or after `since`: the budget does not run while paused, so the due date moves by exactly
 * the working time inside the pause (a pause over a weekend pushes by nothing), and a pause
 * begun after the budget ran out moves nothing. An open pause runs to `openUntil`; when that is
 * null and the pause matters, the due date is unknown (null).
 */
function pushByPauses(
  ledger: ClockLedger,
  cal: WorkingCalendar,
  base: number,
  openUntil: number | null,
  since = Number.NEGATIVE_INFINITY,
): number | null {
  const start = effectiveStartMs(ledger, cal);
  let due = base;
  for (const p of ledger.pauses) {
    const from = Math.max(ms(p.from, 'pauses.from'), start);
    if (ms(p.from, 'pauses.from') < since || from >= due) continue;
    const to = p.to === null ? openUntil : ms(p.to, 'pauses.to');
    if (to === null) return null;
    due = addWorkingTime(cal, due, workingMsBetween(cal, from, to));
  }
  return due;
}

function originalDueMs(
  ledger: ClockLedger,
  cal: WorkingCalendar,
  openUntil: number | null,
): number | null {
  return pushByPauses(ledger, cal, baseDueMs(ledger, cal), openUntil);
}

function currentDueMs(
  ledger: ClockLedger,
  cal: WorkingCalendar,
  openUntil: number | null,
): number | null {
  if (!ledger.extension) return originalDueMs(ledger, cal, openUntil);
  const extended = ms(ledger.extension.dueAt, 'extension.dueAt');
  return pushByPauses(ledger, cal, extended, openUntil, ms(ledger.extension.at, 'extension.at'));
}

/** Working time spent paused between the counting start and `until` (open pauses to `until`). */
function pausedMsUntil(ledger: ClockLedger, cal: WorkingCalendar, until: number): number {
  const start = effectiveStartMs(ledger, cal);
  let total = 0;
  for (const p of ledger.pauses) {
    const to = p.to === null ? until : Math.min(ms(p.to, 'pauses.to'), until);
    total += workingMsBetween(cal, Math.max(ms(p.from, 'pauses.from'), start), to);
  }
  return total;
}

/**
 * The ledger as it stood at `at`: later pauses, requests and the extension removed, a pause
 * running at `at` left open. Statistics judge a dossier at the end of the period with only what
 * had happened by then.
 */
function asOf(ledger: ClockLedger, at: number): ClockLedger {
  const pauses = ledger.pauses
    .filter((p) => ms(p.from, 'pauses.from') <= at)
    .map((p) => (p.to !== null && ms(p.to, 'pauses.to') > at ? { ...p, to: null } : p));
  const dropped = ledger.pauses.length - pauses.length;
  return {
    ...ledger,
    pauses,
    supplementRequests: Math.max(0, ledger.supplementRequests - dropped),
    extension:
      ledger.extension && ms(ledger.extension.at, 'extension.at') <= at ? ledger.extension : null,
  };
}

/**
 * The current due date in the calendar's zone: the budget counted from reception (DOMAIN §5),
 * pushed by the working time each pause covered, or the extended date when extended. Returns
 * null while a pause begun before the due date is open: the clock is stopped and the date is
 * not known until the supplement arrives (use {@link dueAtIfResumed} for "if it arrived now").
 */
export function dueAt(ledger: ClockLedger, cal: WorkingCalendar): string | null {
  const due = currentDueMs(ledger, cal, null);
  return due === null ? null : formatInstant(cal.timezone, due);
}

/** The due date as if an open pause ended at `now` (equal to {@link dueAt} when not paused). */
export function dueAtIfResumed(ledger: ClockLedger, cal: WorkingCalendar, now: Instant): string {
  const due = currentDueMs(ledger, cal, ms(now, 'now'));
  return formatInstant(cal.timezone, due ?? ms(now, 'now'));
}

/**
 * The due date ignoring any extension: the date statistics judge by (DOMAIN §4 step 7: an
 * extended dossier still counts as late). Null while a pause is open.
 */
export function originalDueAt(ledger: ClockLedger, cal: WorkingCalendar): string | null {
  const due = originalDueMs(ledger, cal, null);
  return due === null ? null : formatInstant(cal.timezone, due);
}

/**
 * Working time consumed from the budget by `now`, in working minutes: working time since the
 * counting start, less the working time spent paused. A stopped clock stops consuming.
 */
export function consumedMinutes(ledger: ClockLedger, cal: WorkingCalendar, now: Instant): number {
  const stop =
    ledger.stoppedAt === null ? Number.POSITIVE_INFINITY : ms(ledger.stoppedAt, 'stoppedAt');
  const until = Math.min(ms(now, 'now'), stop);
  const view = asOf(ledger, until);
  const worked = workingMsBetween(cal, effectiveStartMs(view, cal), until);
  return (worked - pausedMsUntil(view, cal, until)) / MS_PER_MINUTE;
}

/**
 * Working minutes left until the current due date at `now` (at the stop, if stopped); negative
 * when overdue. An open pause counts as if resumed at `now`, so paused time never consumes the
 * budget.
 */
export function timeLeft(ledger: ClockLedger, cal: WorkingCalendar, now: Instant): number {
  const stop =
    ledger.stoppedAt === null ? Number.POSITIVE_INFINITY : ms(ledger.stoppedAt, 'stoppedAt');
  const at = Math.min(ms(now, 'now'), stop);
  const due = currentDueMs(ledger, cal, at) ?? at;
  return at <= due
    ? workingMsBetween(cal, at, due) / MS_PER_MINUTE
    : -workingMsBetween(cal, due, at) / MS_PER_MINUTE;
}

/** When to judge a dossier: `at` (or `periodEnd`) for unfinished ones, `finishedAt` if finished. */
export interface ClassifyOptions {
  at?: Instant;
  periodEnd?: Instant;
  /** Defaults to the ledger's `stoppedAt`. A finish after `at` counts as unfinished at `at`. */
  finishedAt?: Instant | null;
}

/**
 * Classifies a dossier for statistics (Decision 766/QĐ-TTg indicator 2.1; DOMAIN §5), judged
 * by the ORIGINAL due date (an extension never makes a dossier on time; DOMAIN §4 step 7):
 * - early: finished on a day before the due date's day;
 * - on_time: finished on the due day, not after the due time;
 * - late: finished after the due time, or with more than one supplement request;
 * - in_progress_on_time / in_progress_overdue: unfinished at `at`, judged against the due date
 *   as if an open pause ended at `at`; more than one supplement request is overdue.
 *
 * @throws ClockError `clock_invalid_input` when unfinished and no `at`/`periodEnd` is given.
 */
export function classify(
  ledger: ClockLedger,
  cal: WorkingCalendar,
  options: ClassifyOptions = {},
): ClockClass {
  const atValue = options.at ?? options.periodEnd;
  const at = atValue === undefined ? undefined : ms(atValue, 'at');
  const finishedValue = options.finishedAt === undefined ? ledger.stoppedAt : options.finishedAt;
  const finished = finishedValue === null ? undefined : ms(finishedValue, 'finishedAt');
  if (finished !== undefined && (at === undefined || finished <= at)) {
    const view = asOf(ledger, finished);
    if (view.supplementRequests > 1) return 'late';
    const due = originalDueMs(view, cal, finished) ?? finished;
    if (finished > due) return 'late';
    return localDayOf(cal.timezone, finished) < localDayOf(cal.timezone, due) ? 'early' : 'on_time';
  }
  if (at === undefined) {
    throw new ClockError('clock_invalid_input', 'at: required to judge an unfinished dossier', {
      field: 'at',
    });
  }
  const view = asOf(ledger, at);
  if (view.supplementRequests > 1) return 'in_progress_overdue';
  const due = originalDueMs(view, cal, at) ?? at;
  return at > due ? 'in_progress_overdue' : 'in_progress_on_time';
}

/**
 * Classifies a dossier that has no promised date by comparing the working time it took
 * (end − start − suspended, in working time) with the legal limit (DOMAIN §5). It is the same
 * as a ledger whose pauses are the suspended intervals and whose supplement count is
 * `supplementRequests` (default 0: suspensions alone do not make a dossier late).
 */
export function classifyAgainstLegalLimit(
  input: {
    receivedAt: Instant;
    unit: ClockUnit;
    budget: number;
    suspended?: { from: Instant; to: Instant }[];
    supplementRequests?: number;
  } & ClassifyOptions,
  cal: WorkingCalendar,
): ClockClass {
  const base = startClock(input);
  const ledger: ClockLedger = {
    ...base,
    pauses: (input.suspended ?? []).map((s) => ({
      from: stored(s.from, 'suspended.from'),
      to: stored(s.to, 'suspended.to'),
      reason: 'suspended',
    })),
    supplementRequests: input.supplementRequests ?? 0,
  };
  return classify(ledger, cal, input);
}
