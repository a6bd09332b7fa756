import { describe, expect, it } from 'vitest';
import { CalendarError } from './calendar.errors.js';
import {
  dayToIsoDate,
  formatInstant,
  formatInstantToSecond,
  isoDateToDay,
  isValidIsoDate,
  localDayOf,
  parseLocalOrInstant,
  toEpochMs,
  wallToInstant,
  weekdayOfDay,
  zoneOffsetMs,
} from './instant.js';

describe('instants without the host zone', () => {
  it('reads Asia/Ho_Chi_Minh as a fixed UTC+7', () => {
    expect(zoneOffsetMs('Asia/Ho_Chi_Minh', Date.UTC(2025, 0, 1))).toBe(7 * 3_600_000);
    expect(zoneOffsetMs('Asia/Ho_Chi_Minh', Date.UTC(2025, 6, 1))).toBe(7 * 3_600_000);
  });

  it('follows daylight saving in a zone that has it', () => {
    expect(zoneOffsetMs('America/New_York', Date.UTC(2025, 0, 15))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs('America/New_York', Date.UTC(2025, 6, 15))).toBe(-4 * 3_600_000);
  });

  it('answers every minute of a transition day as Intl does (the per-day cache must not hide the change)', () => {
    // Straight from Intl, no cache: the offset is the zone's wall clock minus UTC.
    const reference = (zone: string, ms: number) => {
      const f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      return (
        Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) -
        Math.floor(ms / 1000) * 1000
      );
    };
    const days: Array<[string, number]> = [
      ['America/New_York', Date.UTC(2025, 2, 9)], // spring forward at 07:00 UTC
      ['America/New_York', Date.UTC(2025, 10, 2)], // fall back at 06:00 UTC
      ['Australia/Lord_Howe', Date.UTC(2025, 3, 5)], // a 30-minute change
      ['Asia/Ho_Chi_Minh', Date.UTC(1975, 5, 12)], // the zone's last change (UTC+8 to UTC+7)
    ];
    for (const [zone, start] of days) {
      for (let ms = start - 3_600_000; ms < start + 25 * 3_600_000; ms += 60_000) {
        expect(zoneOffsetMs(zone, ms)).toBe(reference(zone, ms));
      }
    }
  });

  it('formats an instant in the zone with its offset', () => {
    expect(formatInstant('Asia/Ho_Chi_Minh', Date.UTC(2025, 1, 7, 10))).toBe(
      '2025-02-07T17:00:00+07:00',
    );
    expect(formatInstant('Asia/Ho_Chi_Minh', Date.UTC(2025, 1, 7, 10, 0, 0, 5))).toBe(
      '2025-02-07T17:00:00.005+07:00',
    );
  });

  it('formats to the whole second by dropping the fraction, never rounding it up', () => {
    expect(formatInstantToSecond('Asia/Ho_Chi_Minh', Date.UTC(2025, 1, 7, 16, 59, 59, 999))).toBe(
      '2025-02-07T23:59:59+07:00',
    );
    // Before 1970 too (a negative epoch): still down to the second.
    expect(formatInstantToSecond('UTC', -1)).toBe('1969-12-31T23:59:59+00:00');
  });

  it('reads a date-time without offset as wall-clock time of the zone', () => {
    expect(parseLocalOrInstant('Asia/Ho_Chi_Minh', '2025-01-24T10:00')).toBe(
      Date.UTC(2025, 0, 24, 3),
    );
    expect(parseLocalOrInstant('Asia/Ho_Chi_Minh', '2025-01-24')).toBe(Date.UTC(2025, 0, 23, 17));
    expect(parseLocalOrInstant('Asia/Ho_Chi_Minh', '2025-01-24T10:00:00Z')).toBe(
      Date.UTC(2025, 0, 24, 10),
    );
  });

  it('refuses an instant without offset where the host zone would creep in', () => {
    expect(() => toEpochMs('2025-01-24T10:00')).toThrow(CalendarError);
    expect(toEpochMs('2025-01-24T10:00:00+07:00')).toBe(Date.UTC(2025, 0, 24, 3));
  });

  it('refuses days that do not exist', () => {
    expect(isValidIsoDate('2025-02-29')).toBe(false);
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(() => isoDateToDay('2025-13-01')).toThrow(/not a YYYY-MM-DD/);
    expect(() => parseLocalOrInstant('Asia/Ho_Chi_Minh', '2025-02-30T10:00')).toThrow(
      CalendarError,
    );
    expect(() => parseLocalOrInstant('Asia/Ho_Chi_Minh', 'yesterday')).toThrow(CalendarError);
  });

  it('numbers days and weekdays from the epoch', () => {
    const day = isoDateToDay('2025-01-24');
    expect(dayToIsoDate(day)).toBe('2025-01-24');
    expect(weekdayOfDay(day)).toBe(5);
    expect(
      localDayOf('Asia/Ho_Chi_Minh', wallToInstant('Asia/Ho_Chi_Minh', day, 23 * 60 + 59)),
    ).toBe(day);
  });
});
