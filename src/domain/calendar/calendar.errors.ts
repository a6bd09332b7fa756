/**
 * Error codes of the calendar and legal-clock domain. The domain throws plain errors with a
 * stable snake-case `code`; the platform layer maps them to its own catalogue and HTTP status.
 */
export const calendarErrorCodes = [
  /** A calendar spec (JSON) is malformed; the message names the bad field. */
  'calendar_invalid',
  /** A date or instant string cannot be read, or names a day that does not exist. */
  'calendar_bad_date',
  /** The calendar was asked about a year it holds no table for (`details.year`). */
  'calendar_year_missing',
  /** No working time was found within ten years: the calendar has no working days. */
  'calendar_no_working_time',
] as const;

export type CalendarErrorCode = (typeof calendarErrorCodes)[number];

export const clockErrorCodes = [
  /** An operation was given a malformed or out-of-order argument. */
  'clock_invalid_input',
  /** A pause was requested while the clock is already paused. */
  'clock_already_paused',
  /** A resume was requested while the clock is not paused. */
  'clock_not_paused',
  /** The clock has been stopped; no further operation changes it. */
  'clock_stopped',
  /** An extension was requested while paused: the current due date is not known. */
  'clock_paused',
  /** The due date was already extended once (Decree 118/2025, Form 04: only once). */
  'clock_already_extended',
  /** The extended due date is not later than the current due date. */
  'clock_extension_not_later',
] as const;

export type ClockErrorCode = (typeof clockErrorCodes)[number];

export class CalendarError extends Error {
  readonly code: CalendarErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: CalendarErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'CalendarError';
    this.code = code;
    this.details = details;
  }
}

export class ClockError extends Error {
  readonly code: ClockErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ClockErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ClockError';
    this.code = code;
    this.details = details;
  }
}
