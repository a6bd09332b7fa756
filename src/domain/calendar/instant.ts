import { CalendarError } from './calendar.errors.js';

/**
 * Dates and instants without the host's time zone.
 *
 * A local day is an integer: days since 1970-01-01 (the "epoch day"). An instant is epoch
 * milliseconds. Wall-clock fields are only ever read with the UTC getters of a shifted Date, and
 * a zone's offset comes from Intl with an explicit `timeZone`, so the host's zone (TZ) never
 * enters a result. Asia/Ho_Chi_Minh is a fixed UTC+7, but any IANA zone works; in zones with
 * daylight saving a wall time inside the skipped hour resolves to the later offset.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validYmd(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True when `value` is a YYYY-MM-DD string naming a day that exists. */
export function isValidIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  return m !== null && validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Epoch day of a Gregorian date. */
export function epochDayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/**
 * Epoch day of a YYYY-MM-DD string.
 *
 * @throws CalendarError `calendar_bad_date` when it is malformed or names no real day.
 */
export function isoDateToDay(value: string): number {
  const m = ISO_DATE.exec(value);
  if (!m || !validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new CalendarError('calendar_bad_date', `not a YYYY-MM-DD date: ${value}`);
  }
  return epochDayOf(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** YYYY-MM-DD of an epoch day. */
export function dayToIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Gregorian year of an epoch day. */
export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Weekday of an epoch day, 0 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
/** Per zone and UTC day: the day's one offset, or null when it changes during the day. */
const dayOffsetCache = new Map<string, number | null>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of `zone` from UTC at instant `ms`, in milliseconds (east positive). */
export function zoneOffsetMs(zone: string, ms: number): number {
  // Most days have one offset all day long: ask Intl at the day's two ends (UTC day) and, when
  // they agree, answer every instant of that day from the cache. Transitions are months apart,
  // so a day cannot change its offset and change it back. A day with a transition falls back
  // to one look-up per minute (offsets change on whole minutes). Intl's formatToParts was the
  // calendar's hot spot under load (docs/BENCHMARKS.md).
  const day = Math.floor(ms / MS_PER_DAY);
  const dayKey = `${zone}|d${day}`;
  let whole = dayOffsetCache.get(dayKey);
  if (whole === undefined) {
    const first = offsetAt(zone, day * MS_PER_DAY);
    const last = offsetAt(zone, (day + 1) * MS_PER_DAY - 1000);
    whole = first === last ? first : null;
    if (dayOffsetCache.size > 100_000) dayOffsetCache.clear();
    dayOffsetCache.set(dayKey, whole);
  }
  if (whole !== null) return whole;
  const key = `${zone}|${Math.floor(ms / MS_PER_MINUTE)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const offset = offsetAt(zone, ms);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The offset Intl gives for instant `ms` (whole seconds). */
function offsetAt(zone: string, ms: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant of wall-clock time `minute` (after midnight) on local `day` in `zone`. */
export function wallToInstant(zone: string, day: number, minute: number): number {
  const wall = day * MS_PER_DAY + minute * MS_PER_MINUTE;
  const first = wall - zoneOffsetMs(zone, wall);
  return wall - zoneOffsetMs(zone, first);
}

/** Local epoch day of instant `ms` in `zone`. */
export function localDayOf(zone: string, ms: number): number {
  return Math.floor((ms + zoneOffsetMs(zone, ms)) / MS_PER_DAY);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * ISO 8601 text of instant `ms` in `zone` with its offset, e.g. `2025-02-07T17:00:00+07:00`;
 * milliseconds appear only when not zero.
 */
export function formatInstant(zone: string, ms: number): string {
  const offset = zoneOffsetMs(zone, ms);
  const d = new Date(ms + offset);
  const millis = d.getUTCMilliseconds();
  const abs = Math.abs(offset) / MS_PER_MINUTE;
  const sign = offset < 0 ? '-' : '+';
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (millis ? `.${pad(millis, 3)}` : '') +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/**
 * `formatInstant` to the whole second, the fraction dropped (not rounded), as the feedback,
 * file and drill-down answers show their times.
 */
export function formatInstantToSecond(zone: string, ms: number): string {
  return formatInstant(zone, Math.floor(ms / 1000) * 1000);
}

interface ParsedDateTime {
  day: number;
  ms: number;
  offsetMs: number | null;
}

function parseDateTime(value: string): ParsedDateTime {
  const m = ISO_DATE_TIME.exec(value.trim());
  const bad = (): never => {
    throw new CalendarError('calendar_bad_date', `not an ISO 8601 date-time: ${value}`);
  };
  if (!m) return bad();
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  if (!validYmd(Number(y), Number(mo), Number(d))) return bad();
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s);
  if (hours > 24 || minutes > 59 || seconds > 59 || (hours === 24 && (minutes || seconds))) {
    return bad();
  }
  let offsetMs: number | null = null;
  if (zone === 'Z') offsetMs = 0;
  else if (zone) {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return bad();
    offsetMs = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * MS_PER_MINUTE;
  }
  const ms =
    ((hours * 60 + minutes) * 60 + seconds) * 1000 + (frac ? Number(frac.padEnd(3, '0')) : 0);
  return { day: epochDayOf(Number(y), Number(mo), Number(d)), ms, offsetMs };
}

/**
 * Instant of an ISO 8601 string that carries its offset (`Z` or `±HH:MM`), or of a `Date`.
 *
 * @throws CalendarError `calendar_bad_date` when malformed or when the offset is missing: an
 * instant without an offset would silently take the host's zone.
 */
export function toEpochMs(value: string | Date): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new CalendarError('calendar_bad_date', 'invalid Date');
    return ms;
  }
  const p = parseDateTime(value);
  if (p.offsetMs === null) {
    throw new CalendarError('calendar_bad_date', `instant needs an offset (Z or ±HH:MM): ${value}`);
  }
  return p.day * MS_PER_DAY + p.ms - p.offsetMs;
}

/**
 * Instant of an ISO 8601 date or date-time; without an offset it is wall-clock time in `zone`
 * (a bare date means local midnight).
 *
 * @throws CalendarError `calendar_bad_date` when malformed or naming no real day.
 */
export function parseLocalOrInstant(zone: string, value: string): number {
  const p = parseDateTime(value);
  if (p.offsetMs !== null) return p.day * MS_PER_DAY + p.ms - p.offsetMs;
  return wallToInstant(zone, p.day, p.ms / MS_PER_MINUTE);
}
