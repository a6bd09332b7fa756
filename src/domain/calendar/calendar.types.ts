import { CalendarError } from './calendar.errors.js';
import { isValidIsoDate } from './instant.js';

/** A wall-clock time `HH:MM` in the calendar's zone. */
export type WallTime = string;

/**
 * A working calendar exactly as the CLI's `--calendar FILE` and the tenant settings store it.
 * Weekdays are numbered as in JavaScript: 0 = Sunday … 6 = Saturday.
 */
export interface CalendarSpec {
  /** IANA zone, e.g. `Asia/Ho_Chi_Minh`; all wall-clock arithmetic happens in it. */
  timezone: string;
  /** Working periods of a working day, sorted and not overlapping, e.g. 07:30–11:30, 13:30–17:00. */
  workingHours: [WallTime, WallTime][];
  /** Weekly days off. */
  weekend: number[];
  /** Days off that would otherwise be working days (holidays, compensation, swaps), YYYY-MM-DD. */
  daysOff: string[];
  /** Days worked that would otherwise be days off (a Saturday worked to repay a swap), YYYY-MM-DD. */
  extraWorkingDays: string[];
}

/**
 * How far a year table can be trusted: `official` is copied from the government's annual notice,
 * `confirmed` was checked by the tenant, `provisional` is computed from the statutory rule.
 */
export type CalendarYearStatus = 'official' | 'provisional' | 'confirmed';

/** One stored year of a calendar with where it came from. */
export interface CalendarYearTable extends CalendarSpec {
  year: number;
  status: CalendarYearStatus;
  source: string;
}

/** Default working hours of state agencies (DOMAIN §5; configurable per province). */
export const DEFAULT_WORKING_HOURS: [WallTime, WallTime][] = [
  ['07:30', '11:30'],
  ['13:30', '17:00'],
];

/** State agencies work Monday–Friday (Decree 45/2013 as applied to civil servants; DOMAIN §5). */
export const DEFAULT_WEEKEND: number[] = [0, 6];

export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

const WALL_TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes after local midnight of a `HH:MM` string (24:00 allowed as the end of the day). */
export function wallTimeToMinutes(value: WallTime): number {
  const m = WALL_TIME.exec(value);
  if (!m) throw new CalendarError('calendar_invalid', `not a HH:MM time: ${value}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new CalendarError('calendar_invalid', `not a HH:MM time: ${value}`);
  return minutes;
}

function fail(field: string, message: string): never {
  throw new CalendarError('calendar_invalid', `${field}: ${message}`, { field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `zone` is an IANA zone name this runtime's Intl knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parseDateList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) fail(field, 'must be an array of YYYY-MM-DD dates');
  return value.map((d, i) => {
    if (typeof d !== 'string' || !isValidIsoDate(d)) fail(`${field}[${i}]`, `not a date: ${d}`);
    return d;
  });
}

/**
 * Reads a calendar spec from untrusted JSON and checks every field: a known IANA zone, sorted
 * non-overlapping working periods, weekdays 0–6, real calendar dates, and no day that is both
 * off and an extra working day. Unknown extra fields are ignored so year tables also pass.
 *
 * @throws CalendarError `calendar_invalid` naming the bad field.
 */
export function parseCalendarSpec(json: unknown): CalendarSpec {
  if (!isRecord(json)) fail('calendar', 'must be a JSON object');
  const { timezone, workingHours, weekend } = json;
  if (typeof timezone !== 'string' || !isKnownTimeZone(timezone)) {
    fail('timezone', `unknown time zone: ${String(timezone)}`);
  }
  if (!Array.isArray(workingHours) || workingHours.length === 0) {
    fail('workingHours', 'must be a non-empty array of ["HH:MM","HH:MM"] pairs');
  }
  let previousEnd = -1;
  const periods = workingHours.map((p, i): [WallTime, WallTime] => {
    const field = `workingHours[${i}]`;
    if (
      !Array.isArray(p) ||
      p.length !== 2 ||
      typeof p[0] !== 'string' ||
      typeof p[1] !== 'string'
    ) {
      fail(field, 'must be a ["HH:MM","HH:MM"] pair');
    }
    const [from, to] = p as [string, string];
    if (!WALL_TIME.test(from) || !WALL_TIME.test(to)) fail(field, 'times must be HH:MM');
    const start = wallTimeToMinutes(from);
    const end = wallTimeToMinutes(to);
    if (end <= start) fail(field, 'must end after it starts');
    if (start < previousEnd) fail(field, 'periods must be sorted and must not overlap');
    previousEnd = end;
    return [from, to];
  });
  if (!Array.isArray(weekend)) fail('weekend', 'must be an array of weekdays 0–6 (0 = Sunday)');
  const days = weekend.map((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 6) {
      fail(`weekend[${i}]`, `not a weekday 0–6: ${String(d)}`);
    }
    return d;
  });
  const daysOff = parseDateList(json.daysOff ?? [], 'daysOff');
  const extraWorkingDays = parseDateList(json.extraWorkingDays ?? [], 'extraWorkingDays');
  const off = new Set(daysOff);
  const clash = extraWorkingDays.find((d) => off.has(d));
  if (clash) fail('extraWorkingDays', `${clash} is also listed in daysOff`);
  return {
    timezone,
    workingHours: periods,
    weekend: [...new Set(days)].sort(),
    daysOff: [...off].sort(),
    extraWorkingDays: [...new Set(extraWorkingDays)].sort(),
  };
}
